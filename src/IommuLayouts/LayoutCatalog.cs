using System;
using System.Collections.Generic;

namespace IommuLayouts;

/// <summary>
/// Formats found by name. Each assembly with layouts gets a generated <c>BitLayoutCatalog</c> class
/// (in a namespace named after the assembly) whose <c>Layouts</c> a tool passes here: no reflection.
/// </summary>
public sealed class LayoutCatalog
{
    private readonly Dictionary<string, LayoutInfo> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<LayoutInfo> _all = new();

    public LayoutCatalog(params IEnumerable<LayoutInfo>[] sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        foreach (var source in sources)
        {
            foreach (var layout in source)
            {
                if (!_byName.TryAdd(layout.Name, layout))
                {
                    throw new ArgumentException($"two layouts are named '{layout.Name}' ({_byName[layout.Name].ClrType.FullName} and {layout.ClrType.FullName})", nameof(sources));
                }

                _all.Add(layout);
            }
        }

        _all.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
    }

    /// <summary>Every layout, sorted by name.</summary>
    public IReadOnlyList<LayoutInfo> All => _all;

    /// <summary>A layout by name (case-insensitive).</summary>
    public bool TryFind(string name, out LayoutInfo layout) => _byName.TryGetValue(name, out layout!);
}
