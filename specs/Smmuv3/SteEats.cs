namespace IommuLayouts.Specs.Smmuv3;

/// <summary>STE.EATS (bits 93:92): whether PCIe ATS translation requests are serviced for the stream.</summary>
/// <remarks>Linux arm-smmu-v3.h STRTAB_STE_1_EATS_*; QEMU smmuv3-common.h STE_EATS. 3 is reserved; it is a
/// member so the STE can report it only when the STE translates (rule STE.EATS). Whether ATS is implemented
/// (IDR0.ATS) is the emulator's check.</remarks>
public enum SteEats : byte
{
    /// <summary>ATS requests are aborted (STRTAB_STE_1_EATS_ABT).</summary>
    Abort = 0,

    /// <summary>Full ATS: translation requests are translated through every enabled stage (STRTAB_STE_1_EATS_TRANS).</summary>
    Translate = 1,

    /// <summary>Split-stage ATS: ATS returns the stage-1 result and stage 2 is checked later (STRTAB_STE_1_EATS_S1CHK).</summary>
    S1Check = 2,

    /// <summary>Reserved.</summary>
    Reserved3 = 3,
}
