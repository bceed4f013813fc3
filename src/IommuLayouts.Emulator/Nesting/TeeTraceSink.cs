using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Nesting;

/// <summary>Passes every walk step to two sinks (the caller's trace and the nesting layer's own recorder).</summary>
internal sealed class TeeTraceSink(IWalkTraceSink first, IWalkTraceSink second) : IWalkTraceSink
{
    public void OnStep(in WalkTraceStep step)
    {
        first.OnStep(in step);
        second.OnStep(in step);
    }
}
