namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// STE.S1DSS (bits 65:64), "default substream": what happens to a transaction without a SubstreamID when
/// the STE's CD table has more than one entry.
/// </summary>
/// <remarks>Linux arm-smmu-v3.h STRTAB_STE_1_S1DSS_*. 3 is reserved; it is a member so the STE can report
/// it only when stage 1 is enabled (rule STE.S1DSS).</remarks>
public enum SteS1Dss : byte
{
    /// <summary>Abort such transactions (STRTAB_STE_1_S1DSS_TERMINATE).</summary>
    Terminate = 0,

    /// <summary>Stage 1 bypass for such transactions (STRTAB_STE_1_S1DSS_BYPASS).</summary>
    Bypass = 1,

    /// <summary>Translate such transactions with CD 0 (STRTAB_STE_1_S1DSS_SSID0).</summary>
    Ssid0 = 2,

    /// <summary>Reserved.</summary>
    Reserved3 = 3,
}
