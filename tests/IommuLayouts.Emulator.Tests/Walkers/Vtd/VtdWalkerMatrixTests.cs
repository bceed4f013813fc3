using System.Collections.Generic;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Walkers.Vtd;

/// <summary>
/// Levels × page sizes for the second stage (3/4/5 levels), the first stage (4/5 levels) and nested walks. Input
/// addresses use the top index of each table (so a wrong level count lands elsewhere); expected outputs are the
/// mapping's own base plus the page offset (9 index bits per level above 4 KiB: Linux pfn_level_offset).
/// </summary>
public sealed class VtdWalkerMatrixTests
{
    public static IEnumerable<object[]> SecondStageCases()
    {
        foreach (var levels in new[] { 3, 4, 5 })
        {
            foreach (var shift in new[] { 12, 21, 30 })
            {
                yield return [levels, shift];
            }
        }
    }

    public static IEnumerable<object[]> FirstStageCases()
    {
        foreach (var levels in new[] { 4, 5 })
        {
            foreach (var shift in new[] { 12, 21, 30 })
            {
                yield return [levels, shift];
            }
        }
    }

    public static IEnumerable<object[]> NestedCases()
    {
        foreach (var fs in new[] { 4, 5 })
        {
            foreach (var ss in new[] { 3, 4, 5 })
            {
                foreach (var shift in new[] { 12, 21, 30 })
                {
                    yield return [fs, ss, shift];
                }
            }
        }
    }

    private static ulong HighInput(int levels, int shift) =>
        // The top-level index 0x155 plus a middle page: exercises every level's index bits.
        (0x155UL << (12 + (9 * (levels - 1)))) | (0x3UL << shift) | 0x123;

    [Theory]
    [MemberData(nameof(SecondStageCases))]
    public void Second_stage(int levels, int shift)
    {
        var memory = new SparseGuestMemory();
        var alloc = new BumpTableAllocator(memory, 0x1000_0000, 0x2000_0000);
        var tables = new VtdPageTableBuilder(memory, alloc, VtdTableFormat.SecondStage, levels);
        var size = 1UL << shift;
        var input = HighInput(levels, shift);
        var inputBase = input & ~(size - 1);
        const ulong outputBase = 0x80_0000_0000;
        tables.Map(inputBase, outputBase, size, IommuProt.Read | IommuProt.Write, shift);
        var config = new VtdSecondStageConfig(tables.RootAddress, levels, 48);

        var r = new PageTableWalker(memory).WalkSecondStage(in config, input, AccessKind.Write, false, null);
        Assert.False(r.IsFault, r.ToString());
        Assert.Equal(outputBase + (input & (size - 1)), r.OutputAddress);
        Assert.Equal(shift, r.PageShift);
        Assert.Equal(((shift - 12) / 9) + 1, r.Level);

        var miss = new PageTableWalker(memory).WalkSecondStage(in config, input ^ size, AccessKind.Read, false, null);
        Assert.Equal(WalkFaultDetail.ReadDenied, miss.Detail); // no present bit: R = W = 0 is a permission fault
    }

    [Theory]
    [MemberData(nameof(FirstStageCases))]
    public void First_stage(int levels, int shift)
    {
        var memory = new SparseGuestMemory();
        var alloc = new BumpTableAllocator(memory, 0x1000_0000, 0x2000_0000);
        var tables = new VtdPageTableBuilder(memory, alloc, VtdTableFormat.FirstStage, levels);
        var size = 1UL << shift;
        var input = HighInput(levels, shift) & ((1UL << (12 + (9 * levels) - 1)) - 1); // canonical, lower half
        var inputBase = input & ~(size - 1);
        const ulong outputBase = 0x80_0000_0000;
        tables.Map(inputBase, outputBase, size, IommuProt.Read | IommuProt.Write, shift);
        var config = new VtdFirstStageConfig(tables.RootAddress, levels, 48);

        var r = new PageTableWalker(memory).WalkFirstStage(in config, input, AccessKind.Read, false, false, null);
        Assert.False(r.IsFault, r.ToString());
        Assert.Equal(outputBase + (input & (size - 1)), r.OutputAddress);
        Assert.Equal(shift, r.PageShift);

        var miss = new PageTableWalker(memory).WalkFirstStage(in config, input ^ size, AccessKind.Read, false, false, null);
        Assert.Equal(WalkFaultDetail.NotPresent, miss.Detail);
    }

    [Theory]
    [MemberData(nameof(NestedCases))]
    public void Nested(int fsLevels, int ssLevels, int shift)
    {
        var memory = new SparseGuestMemory();
        const ulong hpaOffset = 0x40_0000_0000;
        const ulong fsTablesGpa = 0x100_0000;
        var ssAlloc = new BumpTableAllocator(memory, 0x1000_0000, 0x2000_0000);
        var ss = new VtdPageTableBuilder(memory, ssAlloc, VtdTableFormat.SecondStage, ssLevels);
        var fsAlloc = new ShiftedAllocator(new BumpTableAllocator(memory, fsTablesGpa + hpaOffset, fsTablesGpa + hpaOffset + 0x10_0000), hpaOffset);
        var fs = new VtdPageTableBuilder(memory, fsAlloc, VtdTableFormat.FirstStage, fsLevels, a => a + hpaOffset);

        var size = 1UL << shift;
        var input = HighInput(fsLevels, shift) & ((1UL << (12 + (9 * fsLevels) - 1)) - 1);
        var inputBase = input & ~(size - 1);
        const ulong gpa = 0x10_0000_0000; // 2^36: within a 3-level (39-bit) second stage
        fs.Map(inputBase, gpa, size, IommuProt.Read | IommuProt.Write, shift);
        ss.Map(gpa, 0x7_0000_0000, 1UL << 30, IommuProt.Read | IommuProt.Write, 30);
        ss.Map(fsTablesGpa, fsTablesGpa + hpaOffset, 0x10_0000, IommuProt.Read | IommuProt.Write);

        var fsConfig = new VtdFirstStageConfig(fs.RootAddress, fsLevels, 48);
        var ssConfig = new VtdSecondStageConfig(ss.RootAddress, ssLevels, 48);
        var r = new PageTableWalker(memory).WalkNested(in fsConfig, in ssConfig, input, AccessKind.Write, false, false, null);
        Assert.False(r.IsFault, r.ToString());
        Assert.Equal(0x7_0000_0000UL + (input & (size - 1)), r.OutputAddress);
        Assert.Equal(shift, r.PageShift); // the second stage maps 1 GiB: the first stage's page is the smaller
    }

    private sealed class ShiftedAllocator(ITableAllocator inner, ulong offset) : ITableAllocator
    {
        public ulong Allocate(ulong size, ulong alignment) => inner.Allocate(size, alignment) - offset;
    }
}
