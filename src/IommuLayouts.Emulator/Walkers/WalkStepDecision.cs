namespace IommuLayouts.Emulator.Walkers;

/// <summary>What a walk decided at one step.</summary>
public enum WalkStepDecision : byte
{
    /// <summary>A table descriptor: the walk continues at the next level.</summary>
    NextLevel,

    /// <summary>A block or page descriptor that translates the access.</summary>
    Translated,

    /// <summary>The walk faulted here (see <see cref="WalkTraceStep.Fault"/>).</summary>
    Fault,
}
