namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>How an SMMUv3 transaction ended.</summary>
public enum Smmuv3Outcome : byte
{
    /// <summary>Translated by stage 1, stage 2 or both.</summary>
    Translated,

    /// <summary>Passed through untranslated: SMMUEN = 0 with GBPA.ABORT = 0, STE.Config = bypass, or S1DSS = bypass on a stage-1-only stream.</summary>
    Bypassed,

    /// <summary>Aborted without an event: SMMUEN = 0 with GBPA.ABORT = 1, or STE.Config = abort.</summary>
    Aborted,

    /// <summary>Terminated with an architected event (recorded in the event queue unless CD.R/STE.S2R, EVTQEN or a full queue prevented it).</summary>
    Faulted,
}
