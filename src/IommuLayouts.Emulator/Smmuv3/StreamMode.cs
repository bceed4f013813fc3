namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>What a resolved (STE, CD) configuration does with a transaction.</summary>
internal enum StreamMode : byte
{
    /// <summary>STE.Config = abort: terminate without an event.</summary>
    Abort,

    /// <summary>STE.Config = bypass, or stage-1-only with S1DSS = bypass for a transaction without SubstreamID.</summary>
    Bypass,

    /// <summary>S1DSS = terminate and no SubstreamID: F_STREAM_DISABLED.</summary>
    StreamDisabled,

    /// <summary>Stage 1, stage 2 or both translate.</summary>
    Translate,
}
