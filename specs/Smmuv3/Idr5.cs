namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_IDR5 (offset 0x14): address sizes, granules and the stall limit.</summary>
/// <remarks>An ID register: the emulator produces it, <c>Validate()</c> reports only RES0 bits.</remarks>
[BitLayout(32, Name = "smmuv3.idr5",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h IDR5_*; QEMU smmuv3-internal.h IDR5",
    Summary = "SMMUv3 IDR5 register")]
public partial struct Idr5
{
    /// <summary>Output address size.</summary>
    [Bits(0, 2)] public partial AddressSize OAS { readonly get; set; }

    /// <summary>4 KB granule supported.</summary>
    [Bit(4)] public partial bool GRAN4K { readonly get; set; }

    /// <summary>16 KB granule supported.</summary>
    [Bit(5)] public partial bool GRAN16K { readonly get; set; }

    /// <summary>64 KB granule supported.</summary>
    [Bit(6)] public partial bool GRAN64K { readonly get; set; }

    /// <summary>Virtual address extension: 0 48-bit, 1 52-bit stage-1 input.</summary>
    [Bits(10, 11)] public partial byte VAX { readonly get; set; }

    /// <summary>Largest number of stalled transactions.</summary>
    [Bits(16, 31)] public partial ushort STALL_MAX { readonly get; set; }
}
