using System;

namespace IommuLayouts.Emulator.Tests;

/// <summary>
/// Steady-state allocation of a loop: after a warm-up run, the fewest bytes any of three identical runs allocated on
/// this thread. An allocation per operation shows in every run; one-time runtime work (a loop's tier-up, a first-use
/// initialisation) can show in one, which is not a per-operation cost. Tests assert the result is 0.
/// </summary>
internal static class AllocationProbe
{
    public static long SteadyStateBytes(Action run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run();
        var fewest = long.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            run();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
