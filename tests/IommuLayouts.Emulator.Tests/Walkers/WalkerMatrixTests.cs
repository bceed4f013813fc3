using System.Collections.Generic;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Walkers;

/// <summary>
/// Granule × start-level matrix for stage 1, stage 2 and nested walks. The valid combinations come from the
/// architecture's TxSZ/SL0 tables (Arm ARM VTCR_EL2.SL0; QEMU get_start_level; the stage-1 start level is
/// 4 − ceil((64 − TxSZ − g) / (g − 3)), QEMU smmu_ptw_64_s1), written out here as data.
/// </summary>
public class WalkerMatrixTests
{
    // (granule, start level, TxSZ giving that start level at stage 1). 4K level 3 would need TxSZ ≥ 43 (not valid).
    public static IEnumerable<object[]> Stage1Cases() =>
    [
        [TranslationGranule.Size4K, 0, 16], [TranslationGranule.Size4K, 1, 25], [TranslationGranule.Size4K, 2, 34],
        [TranslationGranule.Size16K, 0, 16], [TranslationGranule.Size16K, 1, 17], [TranslationGranule.Size16K, 2, 28], [TranslationGranule.Size16K, 3, 39],
        [TranslationGranule.Size64K, 1, 16], [TranslationGranule.Size64K, 2, 22], [TranslationGranule.Size64K, 3, 35],
    ];

    // (granule, start level, T0SZ, expected concatenated tables = 2^(64 − T0SZ − levelShift − stride), levelShift 4K: 39/30/21,
    // 16K: 47/36/25/14, 64K: 42/29/16). SL0 = 3 is reserved, so 16K/64K start at 1..3 and 4K at 0..2.
    public static IEnumerable<object[]> Stage2Cases() =>
    [
        [TranslationGranule.Size4K, 0, 16, 1], [TranslationGranule.Size4K, 1, 24, 2], [TranslationGranule.Size4K, 1, 21, 16], [TranslationGranule.Size4K, 2, 30, 16], [TranslationGranule.Size4K, 2, 34, 1],
        [TranslationGranule.Size16K, 1, 16, 2], [TranslationGranule.Size16K, 2, 27, 2], [TranslationGranule.Size16K, 2, 24, 16], [TranslationGranule.Size16K, 3, 39, 1],
        [TranslationGranule.Size64K, 1, 16, 1], [TranslationGranule.Size64K, 2, 19, 8], [TranslationGranule.Size64K, 3, 34, 2],
    ];

    public static IEnumerable<object[]> NestedCases()
    {
        foreach (var s1 in Stage1Cases())
        {
            foreach (var s2 in Stage2Cases())
            {
                yield return [s1[0], s1[1], s1[2], s2[0], s2[1], s2[2]];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stage1Cases))]
    public void Stage1_walk_translates_first_and_last_page_of_the_input_range(TranslationGranule granule, int startLevel, int txsz)
    {
        var memory = new SparseGuestMemory();
        var builder = new Vmsa64PageTableBuilder(memory, new BumpTableAllocator(memory, 0x1000_0000, 0x2000_0000), TranslationStage.Stage1, granule, 64 - txsz);
        Assert.Equal(startLevel, builder.StartLevel);
        var page = 1UL << (int)granule;
        var last = (1UL << (64 - txsz)) - page;
        builder.Map(0, 0x4000_0000, page, IommuProt.Read | IommuProt.Write);
        builder.Map(last, 0x5000_0000, page, IommuProt.Read | IommuProt.Write);
        var config = builder.CreateStage1Config();
        Assert.Equal(startLevel, config.StartLevel);
        var walker = new PageTableWalker(memory);

        var r = walker.WalkStage1(config, 0x18, AccessKind.Write, privileged: false);
        Assert.False(r.IsFault, r.ToString());
        Assert.Equal(0x4000_0018UL, r.OutputAddress);
        Assert.Equal(3, r.Level);
        Assert.Equal((int)granule, r.PageShift);

        r = walker.WalkStage1(config, last + page - 1, AccessKind.Read, privileged: true);
        Assert.Equal(0x5000_0000UL + page - 1, r.OutputAddress);

        // One byte beyond the range is a Translation fault before any read.
        r = walker.WalkStage1(config, last + page, AccessKind.Read, privileged: true);
        Assert.Equal(WalkFaultKind.Translation, r.Fault);
        Assert.Equal(0, r.Level);

        // An unmapped page in between faults at the first level with no table for it (or at level 3).
        r = walker.WalkStage1(config, page, AccessKind.Read, privileged: true);
        Assert.Equal(WalkFaultKind.Translation, r.Fault);
        Assert.Equal(TranslationStage.Stage1, r.Stage);
    }

    [Theory]
    [MemberData(nameof(Stage2Cases))]
    public void Stage2_walk_uses_sl0_start_level_and_concatenated_tables(TranslationGranule granule, int startLevel, int t0sz, int concatenated)
    {
        var memory = new SparseGuestMemory();
        var builder = new Vmsa64PageTableBuilder(memory, new BumpTableAllocator(memory, 0x1000_0000, 0x2000_0000), TranslationStage.Stage2, granule, 64 - t0sz, startLevel);
        var config = builder.CreateStage2Config();
        Assert.Equal(startLevel, config.StartLevel);
        Assert.Equal(concatenated, config.ConcatenatedTables);
        var page = 1UL << (int)granule;
        var last = (1UL << (64 - t0sz)) - page;
        builder.Map(0, 0x4000_0000, page, IommuProt.Read);
        builder.Map(last, 0x5000_0000, page, IommuProt.Read | IommuProt.Write);
        var walker = new PageTableWalker(memory);

        var r = walker.WalkStage2(config, 0x20, AccessKind.Read, privileged: true);
        Assert.Equal(0x4000_0020UL, r.OutputAddress);
        Assert.Equal(TranslationStage.Stage2, r.Stage);

        // The last page lives in the last concatenated table.
        r = walker.WalkStage2(config, last + 8, AccessKind.Write, privileged: true);
        Assert.Equal(0x5000_0008UL, r.OutputAddress);

        r = walker.WalkStage2(config, 0x20, AccessKind.Write, privileged: true);
        Assert.Equal(WalkFaultKind.Permission, r.Fault);
        Assert.Equal(3, r.Level);

        r = walker.WalkStage2(config, last + page, AccessKind.Read, privileged: true);
        Assert.Equal(WalkFaultKind.Translation, r.Fault);
        Assert.Equal(last + page, r.IntermediateAddress);
    }

    [Theory]
    [MemberData(nameof(NestedCases))]
    public void Nested_walk_translates_through_both_stages(TranslationGranule g1, int l1, int txsz, TranslationGranule g2, int l2, int t0sz)
    {
        var memory = new SparseGuestMemory();
        var ipaSize = 64 - t0sz;

        // Host: stage 2 identity-maps the IPA window that holds the guest's tables and data.
        var s2 = new Vmsa64PageTableBuilder(memory, new BumpTableAllocator(memory, 0x10_0000_0000, 0x11_0000_0000), TranslationStage.Stage2, g2, ipaSize, l2);
        var windowBase = 0x100_0000UL;
        const ulong windowSize = 0x100_0000UL;
        s2.Map(windowBase, 0x20_0000_0000, windowSize, IommuProt.Read | IommuProt.Write);

        // Guest: stage-1 tables allocated at IPAs inside the window, written at the PAs stage 2 gives them.
        var guestAllocator = new ShiftedAllocator(memory, windowBase, 0x20_0000_0000, windowSize / 2);
        var s1 = new Vmsa64PageTableBuilder(new ShiftedMemory(memory, windowBase, 0x20_0000_0000), guestAllocator, TranslationStage.Stage1, g1, 64 - txsz);
        Assert.Equal(l1, s1.StartLevel);
        var page = 1UL << (int)g1;
        var va = (1UL << (64 - txsz)) - page;
        var dataIpa = windowBase + (windowSize / 2);
        s1.Map(va, dataIpa, page, IommuProt.Read | IommuProt.Write);

        var walker = new PageTableWalker(memory);
        var r = walker.WalkNested(s1.CreateStage1Config(), s2.CreateStage2Config(), va + 0x18, AccessKind.Write, privileged: false);
        Assert.False(r.IsFault, r.ToString());
        Assert.Equal(dataIpa + 0x18, r.IntermediateAddress);
        Assert.Equal(0x20_0000_0000UL + (windowSize / 2) + 0x18, r.OutputAddress);

        // An IPA outside stage 2's mapping: fault at stage 2 on the final access, not during the table walk.
        s1.Map(va - page, windowBase + windowSize, page, IommuProt.Read);
        r = walker.WalkNested(s1.CreateStage1Config(), s2.CreateStage2Config(), va - page, AccessKind.Read, privileged: false);
        Assert.Equal(WalkFaultKind.Translation, r.Fault);
        Assert.Equal(TranslationStage.Stage2, r.Stage);
        Assert.False(r.DuringStage1TableWalk);
        Assert.Equal(windowBase + windowSize, r.IntermediateAddress);
    }
}
