using System;
using System.Collections.Generic;
using System.Numerics;

namespace IommuLayouts.Updates;

/// <summary>
/// Orders the 64-bit stores that change a live multi-word entry (STE, CD, PASID entry, context entry) so the hardware,
/// which reads each word atomically but the entry in no defined order, never sees a configuration that is neither the
/// old nor the new one. The rule is Linux arm_smmu_write_entry (drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c), driven by
/// the used bits the spec declares instead of hand-written masks:
/// <list type="number">
/// <item>bits the current entry does not use (and update-safe bits both entries use) may take their new values at once;</item>
/// <item>if afterwards one word's used bits still differ, that word is stored last on its own (hitless);</item>
/// <item>if two or more do, word 0 is cleared first so the entry stops being live, then words 1.., then word 0 (breaking).</item>
/// </list>
/// Every phase is followed by a sync point; a phase that stores nothing new is dropped with its sync.
/// </summary>
public static class UpdatePlanner
{
    /// <summary>The plan that turns <paramref name="current"/> into <paramref name="target"/>.</summary>
    public static UpdatePlan<T> Plan<T>(in T current, in T target)
        where T : struct, IUsedBits<T>
    {
        var words = T.WordCount;
        Span<ulong> unusedUpdate = stackalloc ulong[words];
        var diff = 0UL;
        for (var i = 0; i < words; i++)
        {
            var cur = current.GetWord(i);
            var tgt = target.GetWord(i);
            var curUsed = current.UsedBits(i);
            var tgtUsed = target.UsedBits(i);

            // An update-safe bit counts only where both entries read it; elsewhere the unused rule sequences it.
            var safe = T.UpdateSafeBits(current, target, i) & curUsed & tgtUsed;
            curUsed &= ~safe;
            unusedUpdate[i] = (cur & curUsed) | (tgt & ~curUsed);
            if (((unusedUpdate[i] ^ tgt) & tgtUsed) != 0)
            {
                diff |= 1UL << i;
            }
        }

        var phases = new List<UpdatePhase<T>>(3);
        var entry = current;
        if (BitOperations.PopCount(diff) == 1)
        {
            var critical = BitOperations.TrailingZeroCount(diff);

            // The critical word is stored whole in the next phase; leaving it alone here can save a sync.
            unusedUpdate[critical] = current.GetWord(critical);
            AddPhase(phases, ref entry, unusedUpdate, 0, words);
            AddPhase(phases, ref entry, target, critical, 1);
            AddPhase(phases, ref entry, target, 0, words);
            return new UpdatePlan<T>(current, target, UpdateKind.Hitless, critical, phases);
        }

        if (diff != 0)
        {
            unusedUpdate[0] = 0;
            AddPhase(phases, ref entry, unusedUpdate, 0, 1);
            AddPhase(phases, ref entry, target, 1, words - 1);
            AddPhase(phases, ref entry, target, 0, 1);
            return new UpdatePlan<T>(current, target, UpdateKind.Breaking, -1, phases);
        }

        AddPhase(phases, ref entry, target, 0, words);
        return new UpdatePlan<T>(current, target, UpdateKind.Unchanged, -1, phases);
    }

    private static void AddPhase<T>(List<UpdatePhase<T>> phases, ref T entry, in T source, int start, int count)
        where T : struct, IUsedBits<T>
    {
        Span<ulong> words = stackalloc ulong[T.WordCount];
        source.CopyWordsTo(words);
        AddPhase(phases, ref entry, words, start, count);
    }

    private static void AddPhase<T>(List<UpdatePhase<T>> phases, ref T entry, ReadOnlySpan<ulong> source, int start, int count)
        where T : struct, IUsedBits<T>
    {
        List<WordWrite>? writes = null;
        for (var i = start; i < start + count; i++)
        {
            if (entry.GetWord(i) != source[i])
            {
                entry.SetWord(i, source[i]);
                (writes ??= new List<WordWrite>()).Add(new WordWrite(i, source[i]));
            }
        }

        if (writes is not null)
        {
            phases.Add(new UpdatePhase<T>(writes, entry));
        }
    }
}
