using IommuLayouts.Generators.Helpers;

namespace IommuLayouts.Generators.Model;

/// <summary>
/// Everything the emitter needs for one <c>[BitLayout]</c> struct, as value-equatable data: no symbols,
/// syntax nodes, locations or compilations (a test walks this graph to keep it so).
/// </summary>
internal sealed record LayoutSpec(
    TypeHierarchy Type,
    string Name,
    string? Summary,
    string? Spec,
    int SizeBits,
    EquatableArray<FieldSpec> Fields,
    EquatableArray<RangeSpec> Ignored,
    EquatableArray<RangeSpec> Res1,
    bool HasRuleHook,
    bool DeclareRuleHook,
    bool RuleHookReadOnly,
    bool HasErrors,
    bool IsPublic,
    string? LiveWhen = null,
    EquatableArray<FieldUsageSpec> Usage = default)
{
    /// <summary>True when the layout declares used bits (a gate, conditions or update-safe fields).</summary>
    public bool HasUsedBits => LiveWhen is not null || Usage.Count > 0;

    public int WordCount => (SizeBits + 63) / 64;

    public int SizeBytes => SizeBits / 8;
}

/// <summary>What the parser produced for one attributed struct: the model (null if nothing can be emitted), its diagnostics, and its catalog name.</summary>
internal sealed record ParseResult(LayoutSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, LayoutNameEntry? NameEntry);

/// <summary>A layout name with where it was declared, to find duplicate names across the compilation.</summary>
internal sealed record LayoutNameEntry(string Name, string TypeName, LocationInfo? Location);
