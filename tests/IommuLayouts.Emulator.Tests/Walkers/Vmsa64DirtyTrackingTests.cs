using System;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;
using static IommuLayouts.Emulator.Tests.Walkers.LpaePte;

namespace IommuLayouts.Emulator.Tests.Walkers;

/// <summary>
/// <see cref="Vmsa64DirtyTracking"/>: the iommufd cycle (clear dirty, DMA, read dirty) over tables the walker updates.
/// Dirty and clean as Linux drivers/iommu/io-pgtable-arm.c defines them (iopte_writeable_dirty: (pte &amp; (AP_RDONLY |
/// DBM)) == DBM; arm_lpae_read_and_clear_dirty sets ARM_LPAE_PTE_AP_RDONLY_BIT unless IOMMU_DIRTY_NO_CLEAR, and records
/// the whole leaf's size); stage 2 with S2AP[1] (ARM_LPAE_PTE_HAP_WRITE 2 &lt;&lt; 6) in place of AP[2].
/// </summary>
public sealed class Vmsa64DirtyTrackingTests
{
    private const ulong Ipa = 0x4000_0000;
    private const ulong Pa = 0x8000_0000;

    private readonly SparseGuestMemory _memory = new();
    private readonly Vmsa64PageTableBuilder _s2;
    private readonly Stage2Config _config;

    public Vmsa64DirtyTrackingTests()
    {
        _s2 = new Vmsa64PageTableBuilder(_memory, new BumpTableAllocator(_memory, 0x100_0000, 0x200_0000), TranslationStage.Stage2, TranslationGranule.Size4K, 40);
        _config = _s2.CreateStage2Config() with { HardwareAccessFlag = true, HardwareDirty = true };
    }

    private void Write(ulong ipa) => Assert.False(new PageTableWalker(_memory).WalkStage2(in _config, ipa, AccessKind.Write, false).IsFault);

    private ulong Leaf(ulong ipa, int level = 3)
    {
        Assert.True(_memory.TryReadUInt64(_s2.FindDescriptorAddress(ipa, level)!.Value, out var w));
        return w;
    }

    [Fact]
    public void Clear_dma_read_reports_exactly_the_written_pages()
    {
        _s2.MapRaw(Ipa, Pa, 0x8000, ShIs | Af | HapRead | Dbm, useBlocks: false, 0); // eight writable-clean pages
        Write(Ipa + 0x1000);
        Write(Ipa + 0x5008);

        Span<ulong> bitmap = stackalloc ulong[1];
        var n = Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in _config, Ipa, 0x8000, 0x1000, bitmap);
        Assert.Equal(2, n);
        Assert.Equal(0b0010_0010UL, bitmap[0]);

        // Cleared: writable-clean again, so the next read finds nothing until the next write.
        Assert.Equal(HapRead | Dbm, Leaf(Ipa + 0x1000) & (HapRead | HapWrite | Dbm));
        bitmap.Clear();
        Assert.Equal(0, Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in _config, Ipa, 0x8000, 0x1000, bitmap));
        Assert.Equal(0UL, bitmap[0]);

        Write(Ipa + 0x1000);
        Assert.Equal(1, Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in _config, Ipa, 0x8000, 0x1000, bitmap));
        Assert.Equal(0b0010UL, bitmap[0]);
    }

    [Fact]
    public void No_clear_reports_and_leaves_the_leaves_dirty()
    {
        _s2.MapRaw(Ipa, Pa, 0x2000, ShIs | Af | HapRead | Dbm, useBlocks: false, 0);
        Write(Ipa);
        Span<ulong> bitmap = stackalloc ulong[1];
        Assert.Equal(1, Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in _config, Ipa, 0x2000, 0x1000, bitmap, clear: false));
        Assert.Equal(HapWrite, Leaf(Ipa) & HapWrite);
        Assert.Equal(1, Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in _config, Ipa, 0x2000, 0x1000, bitmap));
        Assert.Equal(0UL, Leaf(Ipa) & HapWrite);
    }

    [Fact]
    public void Writable_leaf_without_DBM_is_not_reported_or_touched()
    {
        _s2.MapRaw(Ipa, Pa, 0x1000, ShIs | Af | HapRead | HapWrite, useBlocks: false, 0);
        Span<ulong> bitmap = stackalloc ulong[1];
        Assert.Equal(0, Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in _config, Ipa, 0x1000, 0x1000, bitmap));
        Assert.Equal(HapWrite, Leaf(Ipa) & HapWrite);
    }

    [Fact]
    public void A_dirty_block_marks_every_page_of_it_inside_the_range()
    {
        // One 2 MiB block (level 2), dirty; the range asks for its last 16 KiB and the 16 KiB after it.
        _s2.MapRaw(Ipa, Pa, 0x20_0000, ShIs | Af | HapRead | Dbm, useBlocks: true, 0);
        Write(Ipa + 0x1234);
        Span<ulong> bitmap = stackalloc ulong[1];
        Assert.Equal(1, Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in _config, Ipa + 0x1F_C000, 0x8000, 0x1000, bitmap));
        Assert.Equal(0b0000_1111UL, bitmap[0]);
        Assert.Equal(0UL, Leaf(Ipa, 2) & HapWrite);
    }

    [Fact]
    public void Stage1_dirty_is_DBM_with_AP2_clear_and_clearing_sets_AP2()
    {
        var s1 = new Vmsa64PageTableBuilder(_memory, new BumpTableAllocator(_memory, 0x300_0000, 0x400_0000), TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        var config = s1.CreateStage1Config() with { HardwareAccessFlag = true, HardwareDirty = true };
        const ulong va = 0x7F_0000_0000;
        s1.MapRaw(va, Pa, 0x4000, ShIs | Af | ApRdonly | Dbm, useBlocks: false, 0);
        Assert.False(new PageTableWalker(_memory).WalkStage1(in config, va + 0x3000, AccessKind.Write, privileged: true).IsFault);

        Span<ulong> bitmap = stackalloc ulong[1];
        Assert.Equal(1, Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in config, va, 0x4000, 0x1000, bitmap));
        Assert.Equal(0b1000UL, bitmap[0]);
        Assert.True(_memory.TryReadUInt64(s1.FindDescriptorAddress(va + 0x3000, 3)!.Value, out var leaf));
        Assert.Equal(ApRdonly | Dbm, leaf & (ApRdonly | Dbm));
    }

    [Fact]
    public void A_clear_that_races_with_a_hardware_update_reads_the_entry_again()
    {
        _s2.MapRaw(Ipa, Pa, 0x1000, ShIs | Af | HapRead | Dbm, useBlocks: false, 0);
        Write(Ipa);
        var leaf = _s2.FindDescriptorAddress(Ipa, 3)!.Value;
        var racing = new UpdateRacingMemory(_memory, leaf, 1, e => e | (1UL << 56));
        Span<ulong> bitmap = stackalloc ulong[1];
        Assert.Equal(1, Vmsa64DirtyTracking.ReadAndClearDirty(racing, in _config, Ipa, 0x1000, 0x1000, bitmap));
        Assert.Equal(2, racing.Exchanges);
        Assert.Equal(1UL << 56, Leaf(Ipa) & ((1UL << 56) | HapWrite));
    }

    [Fact]
    public void Unmapped_holes_are_skipped()
    {
        _s2.MapRaw(Ipa + 0x40_0000, Pa, 0x1000, ShIs | Af | HapRead | Dbm, useBlocks: false, 0);
        Write(Ipa + 0x40_0000);
        Span<ulong> bitmap = stackalloc ulong[(int)(0x80_0000UL / 0x1000 / 64)];
        Assert.Equal(1, Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in _config, Ipa, 0x80_0000, 0x1000, bitmap));
        Assert.Equal(1UL, bitmap[0x400 / 64]);
    }

    [Fact]
    public void Hardware_updates_and_read_and_clear_allocate_nothing()
    {
        _s2.MapRaw(Ipa, Pa, 0x2000, ShIs | HapRead | Dbm, useBlocks: false, 0);
        var walker = new PageTableWalker(_memory);
        var bitmap = new ulong[1];
        var found = 0;
        Assert.Equal(0, AllocationProbe.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                // Every write finds the leaf clean (the previous round cleared it), so each one is a compare-exchange update.
                found += walker.WalkStage2(in _config, Ipa + 0x1000, AccessKind.Write, false).IsFault ? 0 : 1;
                found += Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in _config, Ipa, 0x2000, 0x1000, bitmap);
            }
        }));
        Assert.True(found > 0);
        Assert.Equal(0b10UL, bitmap[0]);
    }

    [Fact]
    public void A_bitmap_too_small_for_the_range_is_refused()
    {
        var bitmap = new ulong[1];
        Assert.Throws<ArgumentException>(() => Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in _config, Ipa, 0x41_000, 0x1000, bitmap));
        Assert.Throws<ArgumentException>(() => Vmsa64DirtyTracking.ReadAndClearDirty(_memory, in _config, Ipa, 0x1000, 0x1800, bitmap));
    }
}
