namespace IommuLayouts.Emulator.Walkers;

/// <summary>No trace: every step is discarded before it is built.</summary>
public readonly struct NoTrace : IWalkTrace
{
    /// <inheritdoc/>
    public bool IsEnabled => false;

    /// <inheritdoc/>
    public void OnStep(in WalkTraceStep step)
    {
    }
}
