namespace IommuLayouts.Specs.Smmuv3;

/// <summary>STRTAB_BASE_CFG.FMT (bits 17:16): linear or two-level stream table. 2 and 3 are reserved.</summary>
/// <remarks>Linux arm-smmu-v3.h STRTAB_BASE_CFG_FMT_*; QEMU smmuv3-internal.h STRTAB_BASE_CFG.FMT.</remarks>
public enum StreamTableFormat : byte
{
    /// <summary>A linear array of 2^LOG2SIZE STEs.</summary>
    Linear = 0,

    /// <summary>An array of L1STDs, each covering 2^SPLIT StreamIDs.</summary>
    TwoLevel = 1,
}
