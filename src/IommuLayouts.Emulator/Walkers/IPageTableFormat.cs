namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// A page-table format as the walk engine sees it, in the spirit of Linux drivers/iommu/generic_pt (pt_iter.h walks,
/// fmt/*.h decode): the level arithmetic and what one entry means, read through the generated descriptor type. The
/// engine (<see cref="PageTableWalker"/>) owns everything else: memory reads, nested table addresses, hardware
/// updates by compare-exchange, the trace and the result. Formats are structs so the JIT specialises the engine for
/// each one.
/// </summary>
public interface IPageTableFormat
{
    /// <summary>The stage these tables translate.</summary>
    TranslationStage Stage { get; }

    /// <summary>How trace steps decode this format's entries.</summary>
    TraceDescriptorFormat TraceFormat { get; }

    /// <summary>The level of the start (root) table.</summary>
    int StartLevel { get; }

    /// <summary>The start table's address, aligned as the walk uses it.</summary>
    ulong StartTable { get; }

    /// <summary>The initial value of the walk's accumulator (the format's own encoding of restrictions gathered on the way down).</summary>
    ulong InitialAccumulator { get; }

    /// <summary>A fault the input meets before any entry is read (out of range, not canonical, table base too large), or <c>default</c> for none.</summary>
    EntryDecision CheckInput(ulong input);

    /// <summary>The index of <paramref name="input"/>'s entry in the table at <paramref name="level"/>.</summary>
    ulong EntryIndex(ulong input, int level);

    /// <summary>The level below <paramref name="level"/>.</summary>
    int NextLevel(int level);

    /// <summary>What <paramref name="entry"/>, read at <paramref name="level"/>, means for <paramref name="access"/>.</summary>
    EntryDecision Decode(ulong entry, int level, ref ulong accumulator, in WalkAccess access);

    /// <summary>
    /// The entry after the hardware updates this walk makes (Access flag, accessed/dirty state), or <paramref name="entry"/>
    /// itself when it makes none. The engine writes a change back by compare-exchange and decodes again if the entry changed.
    /// </summary>
    ulong Update(ulong entry, in EntryDecision decision, in WalkAccess access);

    /// <summary>Whether a leaf allows a later write without another walk (false while the hardware still has a dirty flag to set).</summary>
    bool IsDirty(ulong leaf);
}
