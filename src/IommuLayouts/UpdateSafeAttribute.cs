using System;

namespace IommuLayouts;

/// <summary>
/// Marks a field whose change does not need to be sequenced against the rest of the entry: the hardware may see the
/// old or the new value at any moment without a configuration that is neither (Linux arm_smmu_get_ste_update_safe:
/// STE.MEV always, STE.EATS between Abort and Translate). The update planner ignores a change of such a field when it
/// counts the words whose used bits change, as long as both the current and the target entry read it.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class UpdateSafeAttribute : Attribute
{
    /// <summary>When set, the change is safe only while both the current and the target value are among these.</summary>
    public object[]? Values { get; set; }

    /// <summary>When set, a <c>bool</c> field that must be clear in both entries for the change to be safe.</summary>
    public string? UnlessSet { get; set; }
}
