namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_CR2 (offset 0x2C): global translation controls.</summary>
/// <remarks><c>Validate()</c> reports RES0 bits.</remarks>
[BitLayout(32, Name = "smmuv3.cr2",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h CR2_*; QEMU smmuv3-internal.h CR2",
    Summary = "SMMUv3 CR2 register")]
public partial struct Cr2
{
    /// <summary>EL2 streams use the EL2-E2H regime (ASID-tagged).</summary>
    [Bit(0)] public partial bool E2H { readonly get; set; }

    /// <summary>Record C_BAD_STREAMID events.</summary>
    [Bit(1)] public partial bool RECINVSID { readonly get; set; }

    /// <summary>Private TLB maintenance: ignore broadcast TLB invalidation.</summary>
    [Bit(2)] public partial bool PTM { readonly get; set; }
}
