using IommuLayouts.Updates;
using Xunit;

namespace IommuLayouts.Specs.Tests.Updates;

/// <summary>
/// The checks of Linux arm-smmu-v3-test.c arm_smmu_v3_test_ste_expect_transition / _cd_expect_transition, on a plan:
/// the number of syncs, the hitless verdict (no sync with a non-live entry), the final entry, and at every sync with a
/// live entry the writer's invariant (arm_smmu_test_writer_record_syncs): in the bits the entry uses, less the bits safe
/// against each end, it equals the initial or the target entry.
/// </summary>
internal static class PlanAssert
{
    public static UpdatePlan<T> Transition<T>(T current, T target, int syncs, bool hitless)
        where T : struct, IUsedBits<T>
    {
        var plan = UpdatePlanner.Plan(current, target);
        var entry = current;
        foreach (var phase in plan.Phases)
        {
            foreach (var write in phase.Writes)
            {
                entry.SetWord(write.Word, write.Value);
            }

            Assert.Equal(phase.After, entry);
            if (entry.IsLive)
            {
                Assert.False(DiffersInUsedBits(entry, current) && DiffersInUsedBits(entry, target),
                    $"a sync point sees {entry}, which is neither the initial nor the target entry in its used bits");
            }
        }

        Assert.Equal(target, entry);
        Assert.Equal(syncs, plan.SyncCount);
        Assert.Equal(hitless, plan.IsHitless);
        return plan;
    }

    /// <summary>arm_smmu_entry_differs_in_used_bits with the safe bits of get_update_safe(entry, other).</summary>
    private static bool DiffersInUsedBits<T>(T entry, T other)
        where T : struct, IUsedBits<T>
    {
        for (var i = 0; i < T.WordCount; i++)
        {
            var used = entry.UsedBits(i) & ~T.UpdateSafeBits(entry, other, i);
            if (((entry.GetWord(i) ^ other.GetWord(i)) & used) != 0)
            {
                return true;
            }
        }

        return false;
    }
}
