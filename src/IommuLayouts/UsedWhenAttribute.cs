using System;

namespace IommuLayouts;

/// <summary>
/// Says that the hardware reads this field only while another field (the discriminator, e.g. STE.Config or
/// PASID.PGTT) holds one of <see cref="Values"/>. Several attributes on one field mean "any of them"; a condition
/// holds only while the discriminator is itself read, so conditions chain (STE.SHCFG is read when S1DSS is Bypass,
/// and S1DSS only when Config enables stage 1). A field without the attribute is read whenever the entry is live
/// (<see cref="LiveWhenAttribute"/>).
/// </summary>
/// <remarks>The generator turns these into per-value mask constants (the nested <c>UsedBitMasks</c> class) and a
/// <c>UsedBits(word)</c> method, the masks Linux writes by hand in arm_smmu_get_ste_used.</remarks>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class UsedWhenAttribute : Attribute
{
    public UsedWhenAttribute(string field, params object[] values)
    {
        Field = field;
        Values = values;
    }

    /// <summary>The discriminator: an enum or <c>bool</c> field of the same layout.</summary>
    public string Field { get; }

    /// <summary>The discriminator values that make this field live (enum members or <c>true</c>/<c>false</c>).</summary>
    public object[] Values { get; }
}
