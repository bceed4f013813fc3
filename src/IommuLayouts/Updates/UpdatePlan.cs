using System.Collections.Generic;

namespace IommuLayouts.Updates;

/// <summary>
/// An ordered update of a multi-word entry from <see cref="Current"/> to <see cref="Target"/>: phases of 64-bit stores,
/// each ended by a sync point. Made by <see cref="UpdatePlanner.Plan{T}"/>.
/// </summary>
public sealed class UpdatePlan<T>
    where T : struct, IUsedBits<T>
{
    internal UpdatePlan(T current, T target, UpdateKind kind, int criticalWord, IReadOnlyList<UpdatePhase<T>> phases)
    {
        Current = current;
        Target = target;
        Kind = kind;
        CriticalWord = criticalWord;
        Phases = phases;
    }

    /// <summary>The entry before the update.</summary>
    public T Current { get; }

    /// <summary>The entry after the update.</summary>
    public T Target { get; }

    /// <summary>Which kind of update this is.</summary>
    public UpdateKind Kind { get; }

    /// <summary>For a <see cref="UpdateKind.Hitless"/> update, the one word whose used bits change; otherwise -1.</summary>
    public int CriticalWord { get; }

    /// <summary>The phases; a phase whose stores change nothing is left out, as Linux entry_set skips its sync.</summary>
    public IReadOnlyList<UpdatePhase<T>> Phases { get; }

    /// <summary>Number of sync points (one per phase).</summary>
    public int SyncCount => Phases.Count;

    /// <summary>
    /// True when the hardware finds a live entry at every sync point, so no transaction is refused on the way (the
    /// verdict of Linux arm-smmu-v3-test.c, whose writer records a "break" whenever it syncs an entry without word 0).
    /// A plan that starts or ends with a non-live entry is not hitless as soon as it syncs that state.
    /// </summary>
    public bool IsHitless
    {
        get
        {
            foreach (var phase in Phases)
            {
                if (!phase.After.IsLive)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
