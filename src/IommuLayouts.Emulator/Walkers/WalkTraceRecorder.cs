using System.Collections.Generic;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>A trace sink that keeps every step in order (for tests, the CLI's --trace and debugging).</summary>
public sealed class WalkTraceRecorder : IWalkTraceSink
{
    private readonly List<WalkTraceStep> _steps = [];

    /// <summary>The steps recorded so far.</summary>
    public IReadOnlyList<WalkTraceStep> Steps => _steps;

    /// <inheritdoc/>
    public void OnStep(in WalkTraceStep step) => _steps.Add(step);

    /// <summary>Forgets the recorded steps.</summary>
    public void Clear() => _steps.Clear();
}
