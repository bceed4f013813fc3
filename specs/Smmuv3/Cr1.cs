namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_CR1 (offset 0x28): memory attributes of table and queue accesses.</summary>
/// <remarks><c>Validate()</c> reports RES0 bits. Cacheability: 0 non-cacheable, 1 write-back, 2 write-through ("don't quite follow the usual TCR-style encoding", Linux); shareability 0 non-shareable, 2 outer, 3 inner. QEMU's qtest writes 0x0D75.</remarks>
[BitLayout(32, Name = "smmuv3.cr1",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h CR1_*; QEMU smmuv3-internal.h CR1",
    Summary = "SMMUv3 CR1 register")]
public partial struct Cr1
{
    /// <summary>Inner cacheability of queue accesses.</summary>
    [Bits(0, 1)] public partial byte QUEUE_IC { readonly get; set; }

    /// <summary>Outer cacheability of queue accesses.</summary>
    [Bits(2, 3)] public partial byte QUEUE_OC { readonly get; set; }

    /// <summary>Shareability of queue accesses.</summary>
    [Bits(4, 5)] public partial byte QUEUE_SH { readonly get; set; }

    /// <summary>Inner cacheability of table (STE, L1STD) accesses.</summary>
    [Bits(6, 7)] public partial byte TABLE_IC { readonly get; set; }

    /// <summary>Outer cacheability of table accesses.</summary>
    [Bits(8, 9)] public partial byte TABLE_OC { readonly get; set; }

    /// <summary>Shareability of table accesses.</summary>
    [Bits(10, 11)] public partial byte TABLE_SH { readonly get; set; }
}
