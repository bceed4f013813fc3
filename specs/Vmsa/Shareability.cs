namespace IommuLayouts.Specs.Vmsa;

/// <summary>
/// SH[1:0] of a VMSAv8-64 block or page descriptor (Linux io-pgtable-arm.c ARM_LPAE_PTE_SH_NS/OS/IS,
/// pgtable-hwdef.h PTE_SHARED). Encoding 1 is reserved, so <c>Validate()</c> reports it.
/// </summary>
public enum Shareability : byte
{
    /// <summary>Non-shareable (ARM_LPAE_PTE_SH_NS).</summary>
    NonShareable = 0,

    /// <summary>Outer Shareable (ARM_LPAE_PTE_SH_OS).</summary>
    OuterShareable = 2,

    /// <summary>Inner Shareable (ARM_LPAE_PTE_SH_IS).</summary>
    InnerShareable = 3,
}
