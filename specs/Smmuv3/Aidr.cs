namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_AIDR (offset 0x1C): the architecture revision the SMMU implements.</summary>
/// <remarks>An ID register; every value is legal. SMMUv3.2 reads ArchMajorRev 0, ArchMinorRev 2 (QEMU's smmuv3 model reports 0x1 for v3.1).</remarks>
[BitLayout(32, Name = "smmuv3.aidr",
    Spec = "Arm IHI 0070 register file SMMU_AIDR (ArchMinorRev 3:0, ArchMajorRev 7:4); QEMU smmuv3-internal.h AIDR",
    Summary = "SMMUv3 AIDR register")]
public partial struct Aidr
{
    /// <summary>Minor revision: 0 for SMMUv3.0, 1 for v3.1, 2 for v3.2, 3 for v3.3.</summary>
    [Bits(0, 3)] public partial byte ArchMinorRev { readonly get; set; }

    /// <summary>Major revision: 0 for SMMUv3.x.</summary>
    [Bits(4, 7)] public partial byte ArchMajorRev { readonly get; set; }
}
