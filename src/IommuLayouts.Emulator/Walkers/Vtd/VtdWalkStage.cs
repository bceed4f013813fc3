namespace IommuLayouts.Emulator.Walkers.Vtd;

/// <summary>The VT-d translation stage a walk result or fault belongs to.</summary>
public enum VtdWalkStage : byte
{
    /// <summary>First stage (IA-32e-compatible tables, PASID entry FSPTPTR): guest virtual to guest physical.</summary>
    FirstStage = 1,

    /// <summary>Second stage (context SLPTPTR / PASID entry SSPTPTR): guest physical to host physical.</summary>
    SecondStage = 2,
}
