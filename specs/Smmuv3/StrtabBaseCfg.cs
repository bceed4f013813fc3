namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_STRTAB_BASE_CFG (offset 0x88): the stream table's format and size.</summary>
/// <remarks><c>Validate()</c> reports RES0 bits and a reserved FMT (rule ENUM). LOG2SIZE against IDR1.SIDSIZE and the two-level format against IDR0.ST_LEVEL are the emulator's checks. Linux uses SPLIT = 8; QEMU's qtest writes 0x5 (linear, LOG2SIZE 5).</remarks>
[BitLayout(32, Name = "smmuv3.strtab-base-cfg",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h STRTAB_BASE_CFG_*; QEMU smmuv3-internal.h STRTAB_BASE_CFG",
    Summary = "SMMUv3 STRTAB_BASE_CFG register")]
public partial struct StrtabBaseCfg
{
    /// <summary>log2 of the number of StreamIDs the table covers.</summary>
    [Bits(0, 5)] public partial byte LOG2SIZE { readonly get; set; }

    /// <summary>Two-level: StreamID bits resolved by the level-2 tables (6, 8 or 10).</summary>
    [Bits(6, 10)] public partial byte SPLIT { readonly get; set; }

    /// <summary>Linear or two-level.</summary>
    [Bits(16, 17)] public partial StreamTableFormat FMT { readonly get; set; }
}
