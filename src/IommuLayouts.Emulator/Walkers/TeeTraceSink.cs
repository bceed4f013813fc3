namespace IommuLayouts.Emulator.Walkers;

/// <summary>Passes every walk step to two sinks (a caller's trace and a recorder of its own).</summary>
public sealed class TeeTraceSink(IWalkTraceSink first, IWalkTraceSink second) : IWalkTraceSink
{
    /// <inheritdoc/>
    public void OnStep(in WalkTraceStep step)
    {
        first.OnStep(in step);
        second.OnStep(in step);
    }
}
