using System;
using System.Collections.Generic;

namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// The outcome of <see cref="NestingIommu.Bind"/>: on rejection every reason; on success the entry written to the host
/// table (a nested STE, or a PASID entry), its address and the invalidations issued after it.
/// </summary>
public sealed class NestedBindResult
{
    private NestedBindResult(IReadOnlyList<BindRejection> rejections, ulong[] words, ulong entryAddress, LayoutInfo? layout, IReadOnlyList<string> invalidations)
    {
        Rejections = rejections;
        Words = words;
        EntryAddress = entryAddress;
        Layout = layout;
        Invalidations = invalidations;
    }

    /// <summary>True when the configuration was installed.</summary>
    public bool Succeeded => Rejections.Count == 0;

    /// <summary>Every reason the bind was refused (empty on success).</summary>
    public IReadOnlyList<BindRejection> Rejections { get; }

    /// <summary>The entry the host wrote (8 words: STE or PASID entry); empty on rejection.</summary>
    public ulong[] Words { get; }

    /// <summary>Host-physical address of the entry written.</summary>
    public ulong EntryAddress { get; }

    /// <summary>The entry's format (<c>smmuv3.ste</c> or <c>vtd.pasid</c>).</summary>
    public LayoutInfo? Layout { get; }

    /// <summary>The invalidation commands / descriptors issued after the write, in order, by name.</summary>
    public IReadOnlyList<string> Invalidations { get; }

    /// <summary>The installed entry decoded through its generated layout.</summary>
    public string Decoded => Layout is null ? string.Empty : Layout.Ops.Format(Words);

    internal static NestedBindResult Rejected(IReadOnlyList<BindRejection> rejections) =>
        new(rejections, Array.Empty<ulong>(), 0, null, Array.Empty<string>());

    internal static NestedBindResult Installed(ulong[] words, ulong address, LayoutInfo layout, IReadOnlyList<string> invalidations) =>
        new(Array.Empty<BindRejection>(), words, address, layout, invalidations);

    /// <inheritdoc/>
    public override string ToString() => Succeeded
        ? $"bound: {Layout?.Name} at 0x{EntryAddress:x}: {Decoded}"
        : "rejected: " + string.Join("; ", Rejections);
}
