namespace IommuLayouts.Emulator.Walkers;

/// <summary>Why a translation configuration cannot be walked (an SMMU reports these as C_BAD_CD / C_BAD_STE).</summary>
public enum WalkConfigError : byte
{
    /// <summary>The configuration is usable.</summary>
    None = 0,

    /// <summary>The granule is not 4K, 16K or 64K.</summary>
    InvalidGranule,

    /// <summary>TxSZ outside 16..39 (input sizes 25..48 bits), the range QEMU smmuv3.c decode_cd / decode_ste accept.</summary>
    InputSizeOutOfRange,

    /// <summary>The output size is not between 32 and 52 bits.</summary>
    OutputSizeOutOfRange,

    /// <summary>SL0 encoding reserved for the granule (3 for every granule; FEAT_TTST and FEAT_LPA2 are not modelled).</summary>
    ReservedStartLevel,

    /// <summary>
    /// The stage-2 start level does not fit the input size: the start table would need more than 16
    /// concatenated tables, or would have no index bits at all.
    /// </summary>
    StartLevelInconsistent,
}
