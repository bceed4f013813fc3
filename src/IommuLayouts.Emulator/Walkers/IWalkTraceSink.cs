namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// Receives each step of a walk. Pass null to a walk for no trace: the walker tests the reference once per step
/// and builds nothing, so tracing off costs a predictable branch.
/// </summary>
public interface IWalkTraceSink
{
    /// <summary>Called once per descriptor read (and once for a fault raised before any read).</summary>
    void OnStep(in WalkTraceStep step);
}
