using System;

namespace IommuLayouts;

/// <summary>
/// Names the one-bit field that makes the whole entry live (STE.V, CD.V, a PASID entry's P): while it is clear the
/// hardware reads that bit and nothing else, so every other field is unused. Used-bit masks, <c>UsedBits</c> and the
/// update planner start from it.
/// </summary>
/// <remarks>Linux arm_smmu_get_ste_used and arm_smmu_get_cd_used return only V while V is clear.</remarks>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class LiveWhenAttribute : Attribute
{
    public LiveWhenAttribute(string field) => Field = field;

    /// <summary>The gate: a <c>bool</c> field of the layout.</summary>
    public string Field { get; }
}
