namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_IIDR (offset 0x18): implementer and product identification.</summary>
/// <remarks>An ID register; every value is legal. Arm MMU-600 reports ProductID 0x483 and MMU-700 0x487 with implementer 0x43B.</remarks>
[BitLayout(32, Name = "smmuv3.iidr",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h IIDR_*; QEMU smmuv3-internal.h IIDR (current offset 0x18; see NOTES)",
    Summary = "SMMUv3 IIDR register")]
public partial struct Iidr
{
    /// <summary>JEP106 implementer code (Arm: 0x43B).</summary>
    [Bits(0, 11)] public partial ushort Implementer { readonly get; set; }

    /// <summary>Minor revision.</summary>
    [Bits(12, 15)] public partial byte Revision { readonly get; set; }

    /// <summary>Major revision.</summary>
    [Bits(16, 19)] public partial byte Variant { readonly get; set; }

    /// <summary>Product identifier.</summary>
    [Bits(20, 31)] public partial ushort ProductID { readonly get; set; }
}
