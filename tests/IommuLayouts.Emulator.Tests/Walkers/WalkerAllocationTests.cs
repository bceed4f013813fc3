using System;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Walkers;

/// <summary>The hot path allocates nothing: stage-1, stage-2 and nested walks, translations and faults, trace off.</summary>
public class WalkerAllocationTests
{
    [Fact]
    public void Walks_allocate_nothing_with_tracing_off()
    {
        var memory = new SparseGuestMemory();
        var s2 = new Vmsa64PageTableBuilder(memory, new BumpTableAllocator(memory, 0x1000_0000, 0x1100_0000), TranslationStage.Stage2, TranslationGranule.Size4K, 48, 0);
        s2.Map(0, 0x2000_0000, 0x100_0000, IommuProt.Read | IommuProt.Write, useBlocks: false);
        var guest = new ShiftedMemory(memory, 0, 0x2000_0000);
        var s1 = new Vmsa64PageTableBuilder(guest, new BumpTableAllocator(guest, 0x10_0000, 0x80_0000), TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        s1.Map(0x7F_0000_0000, 0x90_0000, 0x1000, IommuProt.Read);
        var walker = new PageTableWalker(memory);
        var c1 = s1.CreateStage1Config();
        var c2 = s2.CreateStage2Config();
        var physical = new Vmsa64PageTableBuilder(memory, new BumpTableAllocator(memory, 0x3000_0000, 0x3100_0000), TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        physical.Map(0x7F_0000_0000, 0x90_0000, 0x1000, IommuProt.Read);
        var direct = physical.CreateStage1Config();

        ulong sum = 0;

        Assert.Equal(0, AllocationProbe.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                sum += Run(walker, c2, direct, c1);
            }
        }));
        Assert.NotEqual(0UL, sum);
    }

    private static ulong Run(PageTableWalker walker, in Stage2Config c2, in Stage1Config direct, in Stage1Config nested)
    {
        var a = walker.WalkNested(nested, c2, 0x7F_0000_0123, AccessKind.Read, false);
        var b = walker.WalkNested(nested, c2, 0x7F_0000_0123, AccessKind.Write, false);
        var c = walker.WalkStage2(c2, 0x5000, AccessKind.Read, false);
        var d = walker.WalkStage1(direct, 0x7F_0000_0123, AccessKind.Read, true);
        Assert.False(a.IsFault);
        Assert.True(b.IsFault);
        Assert.False(d.IsFault);
        return a.OutputAddress + c.OutputAddress + d.OutputAddress;
    }
}
