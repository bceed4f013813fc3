namespace IommuLayouts.Emulator.Walkers;

/// <summary>A trace that passes every step to <see cref="IWalkTraceSink"/>.</summary>
public readonly struct SinkTrace(IWalkTraceSink sink) : IWalkTrace
{
    /// <inheritdoc/>
    public bool IsEnabled => true;

    /// <inheritdoc/>
    public void OnStep(in WalkTraceStep step) => sink.OnStep(in step);
}
