namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// What the guest asks of stage 1 (the 2018 thread's STE Config discussion: no traffic, or S1 bypass/translate on top
/// of the host's stage 2, which the host always keeps).
/// </summary>
public enum GuestStage1Mode
{
    /// <summary>Every request faults (SMMUv3: abort STE; VT-d: a not-present PASID entry).</summary>
    Abort = 0,

    /// <summary>Stage 1 bypassed: requests are translated by the host stage 2 alone.</summary>
    Bypass = 1,

    /// <summary>Stage 1 translates through the guest's table, then stage 2 (nested).</summary>
    Translate = 2,
}
