using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Walkers.Vtd;

/// <summary>
/// Accessed/dirty write-back: first stage A (bit 5) on every entry walked, D (bit 6) on a written leaf (Linux
/// DMA_FL_PTE_ACCESS / DMA_FL_PTE_DIRTY; QEMU vtd_set_flag_in_pte), EA (bit 10) with EAFE; second stage A (bit 8)
/// and D (bit 9) with SSADE (Linux DMA_SL_PTE_DIRTY_BIT, generic_pt VTDSS_FMT_A/D).
/// </summary>
public sealed class VtdAccessedDirtyTests
{
    private static (SparseGuestMemory Memory, VtdPageTableBuilder Tables) Build(VtdTableFormat format, int shift = 12)
    {
        var memory = new SparseGuestMemory();
        var tables = new VtdPageTableBuilder(memory, new BumpTableAllocator(memory, 0x1000_0000, 0x2000_0000), format, 4);
        tables.Map(0, 0x8000_0000, 1UL << shift, IommuProt.Read | IommuProt.Write, shift);
        return (memory, tables);
    }

    private static ulong Entry(SparseGuestMemory memory, VtdPageTableBuilder tables, int level)
    {
        Assert.True(memory.TryReadUInt64(tables.FindEntryAddress(0x123, level)!.Value, out var e));
        return e;
    }

    [Fact]
    public void First_stage_read_sets_accessed_everywhere_and_dirty_nowhere()
    {
        var (memory, tables) = Build(VtdTableFormat.FirstStage);
        var config = new VtdFirstStageConfig(tables.RootAddress, 4, 48);
        var r = new PageTableWalker(memory).WalkFirstStage(in config, 0x123, AccessKind.Read, false, false, null);
        Assert.False(r.IsFault);
        Assert.False(r.Dirty);
        for (var level = 4; level >= 1; level--)
        {
            var e = Entry(memory, tables, level);
            Assert.Equal(1UL << 5, e & (1UL << 5));
            Assert.Equal(0UL, e & ((1UL << 6) | (1UL << 10)));
        }
    }

    [Fact]
    public void First_stage_write_sets_dirty_in_the_leaf_only()
    {
        var (memory, tables) = Build(VtdTableFormat.FirstStage, 21);
        var config = new VtdFirstStageConfig(tables.RootAddress, 4, 48);
        var r = new PageTableWalker(memory).WalkFirstStage(in config, 0x123, AccessKind.Write, false, false, null);
        Assert.True(r.Dirty);
        Assert.Equal(1UL << 6, Entry(memory, tables, 2) & (1UL << 6)); // the 2 MiB leaf
        Assert.Equal(0UL, Entry(memory, tables, 3) & (1UL << 6));
    }

    [Fact]
    public void First_stage_extended_accessed_with_eafe()
    {
        var (memory, tables) = Build(VtdTableFormat.FirstStage);
        var config = new VtdFirstStageConfig(tables.RootAddress, 4, 48) { ExtendedAccessedEnabled = true };
        Assert.False(new PageTableWalker(memory).WalkFirstStage(in config, 0x123, AccessKind.Read, false, false, null).IsFault);
        Assert.Equal(1UL << 10, Entry(memory, tables, 1) & (1UL << 10));
        Assert.Equal(1UL << 10, Entry(memory, tables, 4) & (1UL << 10));
    }

    [Fact]
    public void First_stage_faulting_write_leaves_dirty_clear()
    {
        var memory = new SparseGuestMemory();
        var tables = new VtdPageTableBuilder(memory, new BumpTableAllocator(memory, 0x1000_0000, 0x2000_0000), VtdTableFormat.FirstStage, 4);
        tables.Map(0, 0x8000_0000, 0x1000, IommuProt.Read);
        var config = new VtdFirstStageConfig(tables.RootAddress, 4, 48);
        var r = new PageTableWalker(memory).WalkFirstStage(in config, 0x123, AccessKind.Write, false, false, null);
        Assert.Equal(WalkFaultDetail.WriteDenied, r.Detail);
        Assert.Equal(0UL, Entry(memory, tables, 1) & (1UL << 6));
    }

    [Fact]
    public void Second_stage_flags_only_with_ssade()
    {
        var (memory, tables) = Build(VtdTableFormat.SecondStage);
        var off = new VtdSecondStageConfig(tables.RootAddress, 4, 48);
        Assert.False(new PageTableWalker(memory).WalkSecondStage(in off, 0x123, AccessKind.Write, false, null).IsFault);
        Assert.Equal(0UL, Entry(memory, tables, 1) & (3UL << 8));

        var on = new VtdSecondStageConfig(tables.RootAddress, 4, 48) { AccessedDirtyEnabled = true };
        Assert.False(new PageTableWalker(memory).WalkSecondStage(in on, 0x123, AccessKind.Read, false, null).IsFault);
        Assert.Equal(1UL << 8, Entry(memory, tables, 1) & (3UL << 8));
        Assert.Equal(1UL << 8, Entry(memory, tables, 4) & (3UL << 8));
        Assert.True(new PageTableWalker(memory).WalkSecondStage(in on, 0x123, AccessKind.Write, false, null).Dirty);
        Assert.Equal(3UL << 8, Entry(memory, tables, 1) & (3UL << 8));
        Assert.Equal(1UL << 8, Entry(memory, tables, 2) & (3UL << 8));
    }

    [Fact]
    public void Nested_flags_are_written_at_the_host_physical_address()
    {
        var memory = new SparseGuestMemory();
        const ulong offset = 0x4000_0000;
        var ss = new VtdPageTableBuilder(memory, new BumpTableAllocator(memory, 0x1000_0000, 0x2000_0000), VtdTableFormat.SecondStage, 4);
        var fsAlloc = new BumpTableAllocator(memory, 0x100_0000 + offset, 0x200_0000 + offset);
        var fs = new VtdPageTableBuilder(memory, new Shifted(fsAlloc, offset), VtdTableFormat.FirstStage, 4, a => a + offset);
        fs.Map(0, 0x300_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        ss.Map(0x100_0000, 0x100_0000 + offset, 0x10_0000, IommuProt.Read | IommuProt.Write);
        ss.Map(0x300_0000, 0x9000_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        var fsc = new VtdFirstStageConfig(fs.RootAddress, 4, 48);
        var ssc = new VtdSecondStageConfig(ss.RootAddress, 4, 48);
        var r = new PageTableWalker(memory).WalkNested(in fsc, in ssc, 0x10, AccessKind.Write, false, false, null);
        Assert.Equal(0x9000_0010UL, r.OutputAddress);
        Assert.True(memory.TryReadUInt64(fs.FindEntryAddress(0, 1)!.Value + offset, out var leaf));
        Assert.Equal(0x60UL, leaf & 0x60); // A | D at the host copy
        Assert.False(memory.TryReadUInt64(fs.FindEntryAddress(0, 1)!.Value, out var gpaCopy) && gpaCopy != 0);
    }

    // Another agent racing the hardware A/D update. Bit 52 is ignored in both entry formats (first stage: EDK2/VirtualBox
    // IGN_62_52; second stage: QEMU VTD_SS_IGN_COM), so software may flip it at any time; the walk must notice the changed
    // entry, decode it again, and either set the bits it reports or fault, never translate from bits it did not set.
    private const ulong SoftwareBit = 1UL << 52;

    [Fact]
    public void Second_stage_update_that_always_loses_its_race_faults_instead_of_translating()
    {
        var (memory, tables) = Build(VtdTableFormat.SecondStage);
        var leaf = tables.FindEntryAddress(0x123, 1)!.Value;
        var racing = new UpdateRacingMemory(memory, leaf, int.MaxValue, e => e ^ SoftwareBit);
        var config = new VtdSecondStageConfig(tables.RootAddress, 4, 48) { AccessedDirtyEnabled = true };

        var r = new PageTableWalker(racing).WalkSecondStage(in config, 0x123, AccessKind.Write, false, null);

        Assert.True(r.IsFault);
        Assert.Equal(WalkFaultKind.ExternalAbort, r.Fault);
        Assert.Equal(WalkFaultDetail.EntryUpdate, r.Detail);
        Assert.Equal(1, r.Level);
        Assert.Equal(PageTableWalker.UpdateAttempts, racing.Exchanges);
        Assert.Equal(0UL, Entry(memory, tables, 1) & (3UL << 8)); // A and D never set
    }

    [Fact]
    public void First_stage_update_that_always_loses_its_race_faults_instead_of_translating()
    {
        var (memory, tables) = Build(VtdTableFormat.FirstStage);
        var leaf = tables.FindEntryAddress(0x123, 1)!.Value;
        var racing = new UpdateRacingMemory(memory, leaf, int.MaxValue, e => e ^ SoftwareBit);
        var config = new VtdFirstStageConfig(tables.RootAddress, 4, 48);

        var r = new PageTableWalker(racing).WalkFirstStage(in config, 0x123, AccessKind.Write, false, false, null);

        Assert.Equal(WalkFaultDetail.EntryUpdate, r.Detail);
        Assert.Equal(1, r.Level);
        Assert.Equal(0UL, Entry(memory, tables, 1) & (3UL << 5)); // A and D never set
    }

    [Fact]
    public void Second_stage_update_that_loses_once_sets_the_bits_and_keeps_the_other_agents_change()
    {
        var (memory, tables) = Build(VtdTableFormat.SecondStage);
        var leaf = tables.FindEntryAddress(0x123, 1)!.Value;
        var racing = new UpdateRacingMemory(memory, leaf, 1, e => e | SoftwareBit);
        var config = new VtdSecondStageConfig(tables.RootAddress, 4, 48) { AccessedDirtyEnabled = true };

        var r = new PageTableWalker(racing).WalkSecondStage(in config, 0x123, AccessKind.Write, false, null);

        Assert.False(r.IsFault);
        Assert.True(r.Dirty);
        Assert.Equal(0x8000_0123UL, r.OutputAddress);
        Assert.Equal(2, racing.Exchanges);
        var e = Entry(memory, tables, 1);
        Assert.Equal(3UL << 8, e & (3UL << 8));
        Assert.Equal(SoftwareBit, e & SoftwareBit);
    }

    [Fact]
    public void Second_stage_entry_unmapped_during_the_update_faults_on_the_new_entry()
    {
        var (memory, tables) = Build(VtdTableFormat.SecondStage);
        var leaf = tables.FindEntryAddress(0x123, 1)!.Value;
        var racing = new UpdateRacingMemory(memory, leaf, 1, _ => 0); // the CPU clears the PTE while the walk updates it
        var config = new VtdSecondStageConfig(tables.RootAddress, 4, 48) { AccessedDirtyEnabled = true };

        var r = new PageTableWalker(racing).WalkSecondStage(in config, 0x123, AccessKind.Read, false, null);

        // A second-stage entry has no present bit: R = W = 0 denies the read (QEMU vtd_iova_to_slpte checks the access
        // right of each entry and reports VTD_FR_READ), decided from the entry as it is now, not the one first read.
        Assert.Equal(WalkFaultKind.Permission, r.Fault);
        Assert.Equal(WalkFaultDetail.ReadDenied, r.Detail);
        Assert.Equal(1, r.Level);
        Assert.Equal(0UL, Entry(memory, tables, 1));
    }

    private sealed class Shifted(ITableAllocator inner, ulong offset) : ITableAllocator
    {
        public ulong Allocate(ulong size, ulong alignment) => inner.Allocate(size, alignment) - offset;
    }
}
