namespace IommuLayouts.Emulator.Walkers;

/// <summary>Why a walk (or a step of it) happened; lets a trace tell nested sub-walks apart.</summary>
public enum WalkPurpose : byte
{
    /// <summary>A stage-1 walk of the input address.</summary>
    Stage1,

    /// <summary>A stage-2 walk of a stage-2-only input (an IPA).</summary>
    Stage2,

    /// <summary>A stage-2 walk of the IPA of a stage-1 table descriptor (nested).</summary>
    Stage2ForStage1Table,

    /// <summary>A stage-2 walk of the IPA stage 1 produced (nested).</summary>
    Stage2ForOutput,
}
