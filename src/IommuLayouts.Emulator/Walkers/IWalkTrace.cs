namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// The walk engine's trace, a struct type parameter: with <see cref="NoTrace"/> the JIT removes every trace call, so
/// tracing off costs nothing; <see cref="SinkTrace"/> forwards to an <see cref="IWalkTraceSink"/>.
/// </summary>
public interface IWalkTrace
{
    /// <summary>False when steps are thrown away (then no step is even built).</summary>
    bool IsEnabled { get; }

    /// <summary>Receives one step.</summary>
    void OnStep(in WalkTraceStep step);
}
