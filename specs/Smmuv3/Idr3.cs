namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_IDR3 (offset 0x0C): optional translation features.</summary>
/// <remarks>An ID register: the emulator produces it, <c>Validate()</c> reports only RES0 bits.</remarks>
[BitLayout(32, Name = "smmuv3.idr3",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h IDR3_FWB, IDR3_RIL; QEMU smmuv3-internal.h IDR3 (the other fields)",
    Summary = "SMMUv3 IDR3 register")]
public partial struct Idr3
{
    /// <summary>Hierarchical attribute disable (CD.HADx) supported.</summary>
    [Bit(2)] public partial bool HAD { readonly get; set; }

    /// <summary>Page-based hardware attributes supported.</summary>
    [Bit(3)] public partial bool PBHA { readonly get; set; }

    /// <summary>EL0/EL1 execute-never distinction at stage 2.</summary>
    [Bit(4)] public partial bool XNX { readonly get; set; }

    /// <summary>PRI responses always carry a PASID.</summary>
    [Bit(5)] public partial bool PPS { readonly get; set; }

    /// <summary>Memory partitioning and monitoring supported.</summary>
    [Bit(7)] public partial bool MPAM { readonly get; set; }

    /// <summary>Stage-2 forced write-back (STE.S2FWB) supported.</summary>
    [Bit(8)] public partial bool FWB { readonly get; set; }

    /// <summary>Small translation tables: TxSZ up to 48 (47 with 64 KB) and 4 KB S2SL0 = 3.</summary>
    [Bit(9)] public partial bool STT { readonly get; set; }

    /// <summary>Range invalidation (TLBI TG/NUM/SCALE) supported.</summary>
    [Bit(10)] public partial bool RIL { readonly get; set; }

    /// <summary>Break-before-make level supported (0..2).</summary>
    [Bits(11, 12)] public partial byte BBML { readonly get; set; }

    /// <summary>E0PD supported.</summary>
    [Bit(13)] public partial bool E0PD { readonly get; set; }

    /// <summary>Table walks to non-cacheable memory are non-coherent.</summary>
    [Bit(14)] public partial bool PTWNNC { readonly get; set; }

    /// <summary>Device permission tables supported.</summary>
    [Bit(15)] public partial bool DPT { readonly get; set; }
}
