namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_SYNC.CS (bits 13:12): how the SMMU signals that a CMD_SYNC completed. 3 is reserved.</summary>
/// <remarks>Linux arm-smmu-v3.h CMDQ_SYNC_0_CS_*.</remarks>
public enum SyncCompletionSignal : byte
{
    /// <summary>No signal: software polls CMDQ_CONS.</summary>
    None = 0,

    /// <summary>Write MSIData to MSIAddress (an MSI), or raise the wired interrupt when MSIAddress is 0.</summary>
    Irq = 1,

    /// <summary>Send a WFE wake-up event.</summary>
    Sev = 2,
}
