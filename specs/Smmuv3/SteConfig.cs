namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// STE.Config (bits 3:1): what the SMMU does with a stream's transactions. Encodings 1..3 are reserved
/// (they are not members, so <c>Validate()</c> reports them). Bit 0 of the value enables stage 1, bit 1
/// stage 2, bit 2 distinguishes "translate or bypass" from abort.
/// </summary>
/// <remarks>Linux arm-smmu-v3.h STRTAB_STE_0_CFG_*; QEMU smmuv3-common.h STE_CONFIG.</remarks>
public enum SteConfig : byte
{
    /// <summary>Abort every transaction, no event recorded (STRTAB_STE_0_CFG_ABORT).</summary>
    Abort = 0,

    /// <summary>Stage 1 and stage 2 bypass (STRTAB_STE_0_CFG_BYPASS).</summary>
    Bypass = 4,

    /// <summary>Stage 1 translates, stage 2 bypass (STRTAB_STE_0_CFG_S1_TRANS).</summary>
    S1Translate = 5,

    /// <summary>Stage 1 bypass, stage 2 translates (STRTAB_STE_0_CFG_S2_TRANS).</summary>
    S2Translate = 6,

    /// <summary>Both stages translate: stage 1 output is translated by stage 2 (STRTAB_STE_0_CFG_NESTED).</summary>
    Nested = 7,
}
