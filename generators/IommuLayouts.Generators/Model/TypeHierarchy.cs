using IommuLayouts.Generators.Helpers;

namespace IommuLayouts.Generators.Model;

/// <summary>Where a layout struct lives: its namespace and the partial types that contain it, outermost first.</summary>
internal sealed record TypeHierarchy(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Name,
    string Accessibility)
{
    /// <summary>The struct's fully qualified name with <c>global::</c>.</summary>
    public string FullyQualifiedName
    {
        get
        {
            var prefix = Namespace is null ? "global::" : "global::" + Namespace + ".";
            foreach (var t in ContainingTypes)
            {
                prefix += t.Name + ".";
            }

            return prefix + Name;
        }
    }

    /// <summary>A file-name-safe unique name for the hint.</summary>
    public string HintName
    {
        get
        {
            var name = Namespace is null ? string.Empty : Namespace + ".";
            foreach (var t in ContainingTypes)
            {
                name += t.Name + ".";
            }

            return name + Name;
        }
    }
}

/// <summary>One containing type: its keyword (class, struct, record, record struct, interface) and name.</summary>
internal sealed record ContainingType(string Keyword, string Name);
