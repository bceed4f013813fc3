using System;
using System.Collections.Generic;
using CsCheck;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Walkers;

/// <summary>
/// Nested walks against a reference built from two dictionaries (VA page → IPA page, IPA page → PA page, with write
/// permission), filled from the random mapping lists; the expected fault comes from the architecture's order: a
/// stage-1 translation or permission fault first, then stage 2 on the final IPA.
/// </summary>
public class NestedWalkPropertyTests
{
    private const int IpaSize = 40;
    private const ulong TableWindowIpa = 0xF0_0000_0000UL;
    private const ulong TableWindowPa = 0x1_0000_0000UL;
    private const ulong TableWindowSize = 0x100_0000UL;

    private static readonly TranslationGranule[] Granules = [TranslationGranule.Size4K, TranslationGranule.Size16K, TranslationGranule.Size64K];

    private static readonly Gen<(ulong, ulong, int, bool)> MappingGen = Gen.Select(Gen.ULong, Gen.ULong, Gen.Int[1, 3], Gen.Bool);

    private static readonly Gen<(int G1, int G2, int InputSize, (ulong, ulong, int, bool)[] S1, (ulong, ulong, int, bool)[] S2, ulong[] Queries)> CaseGen =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[25, 48], MappingGen.Array[1, 16], MappingGen.Array[1, 16], Gen.ULong.Array[1, 30]);

    [Fact]
    public void Nested_walk_agrees_with_the_composed_reference_maps()
    {
        CaseGen.Sample(Check, iter: 150, threads: 1);
    }

    private static void Check((int G1, int G2, int InputSize, (ulong, ulong, int, bool)[] S1, (ulong, ulong, int, bool)[] S2, ulong[] Queries) c)
    {
        var g1 = Granules[c.G1];
        var g2 = Granules[c.G2];
        var s1Shift = (int)g1;
        var s2Shift = (int)g2;
        var memory = new SparseGuestMemory();

        // A 40-bit IPA starts at level 1 with 4K (2 concatenated tables) and 16K, at level 2 with 64K (level 1 would
        // resolve no bit: its level shift is 42).
        var s2 = new Vmsa64PageTableBuilder(memory, new BumpTableAllocator(memory, 0x2_0000_0000, 0x3_0000_0000), TranslationStage.Stage2, g2, IpaSize, g2 == TranslationGranule.Size64K ? 2 : 1);
        s2.Map(TableWindowIpa, TableWindowPa, TableWindowSize, IommuProt.Read);
        var guest = new ShiftedMemory(memory, TableWindowIpa, TableWindowPa);
        var s1 = new Vmsa64PageTableBuilder(guest, new BumpTableAllocator(guest, TableWindowIpa, TableWindowIpa + TableWindowSize), TranslationStage.Stage1, g1, c.InputSize);

        // Data IPAs stay below the table window (IPA bit 39 clear).
        var stage2Map = new Dictionary<ulong, (ulong Pa, bool Writable)>();
        var dataIpaPages = 1UL << (39 - s2Shift);
        foreach (var (inSeed, outSeed, pages, writable) in c.S2)
        {
            var first = inSeed % dataIpaPages;
            var count = (ulong)pages;
            if (first + count > dataIpaPages || Any(stage2Map, first, count))
            {
                continue;
            }

            var outFirst = outSeed % (1UL << (40 - s2Shift));
            s2.Map(first << s2Shift, outFirst << s2Shift, count << s2Shift, IommuProt.Read | (writable ? IommuProt.Write : IommuProt.None), useBlocks: false);
            for (var i = 0UL; i < count; i++)
            {
                stage2Map[first + i] = ((outFirst + i) << s2Shift, writable);
            }
        }

        var stage1Map = new Dictionary<ulong, (ulong Ipa, bool Writable)>();
        var mappedIpaPages = new List<ulong>(stage2Map.Keys);
        var inputPages = 1UL << (c.InputSize - s1Shift);
        var dataIpaPagesS1 = 1UL << (39 - s1Shift);
        foreach (var (inSeed, outSeed, pages, writable) in c.S1)
        {
            var first = inSeed % inputPages;
            var count = (ulong)pages;
            if (first + count > inputPages || Any(stage1Map, first, count))
            {
                continue;
            }

            // Half the time aim at an IPA stage 2 maps, so both outcomes are exercised.
            var outFirst = (outSeed & 1) == 0 && mappedIpaPages.Count > 0
                ? (mappedIpaPages[(int)((outSeed >> 1) % (ulong)mappedIpaPages.Count)] << s2Shift) >> s1Shift
                : (outSeed >> 1) % dataIpaPagesS1;
            if (outFirst + count > dataIpaPagesS1)
            {
                continue;
            }

            s1.Map(first << s1Shift, outFirst << s1Shift, count << s1Shift, IommuProt.Read | (writable ? IommuProt.Write : IommuProt.None), useBlocks: false);
            for (var i = 0UL; i < count; i++)
            {
                stage1Map[first + i] = ((outFirst + i) << s1Shift, writable);
            }
        }

        var walker = new PageTableWalker(memory);
        var c1 = s1.CreateStage1Config(outputSize: IpaSize);
        var c2 = s2.CreateStage2Config(outputSize: 48);
        var vaPages = new List<ulong>(stage1Map.Keys);
        for (var q = 0; q < c.Queries.Length; q++)
        {
            var seed = c.Queries[q];
            var va = (q & 1) == 0 && vaPages.Count > 0
                ? (vaPages[(int)(seed % (ulong)vaPages.Count)] << s1Shift) | ((seed >> 17) & ((1UL << s1Shift) - 1))
                : seed & ((1UL << c.InputSize) - 1);
            var write = (seed >> 63) != 0;
            var r = walker.WalkNested(c1, c2, va, write ? AccessKind.Write : AccessKind.Read, privileged: false);

            if (!stage1Map.TryGetValue(va >> s1Shift, out var e1))
            {
                Assert.Equal((WalkFaultKind.Translation, TranslationStage.Stage1), (r.Fault, r.Stage));
                continue;
            }

            if (write && !e1.Writable)
            {
                Assert.Equal((WalkFaultKind.Permission, TranslationStage.Stage1), (r.Fault, r.Stage));
                continue;
            }

            var ipa = e1.Ipa | (va & ((1UL << s1Shift) - 1));
            if (!stage2Map.TryGetValue(ipa >> s2Shift, out var e2))
            {
                Assert.Equal((WalkFaultKind.Translation, TranslationStage.Stage2, ipa), (r.Fault, r.Stage, r.IntermediateAddress));
                Assert.False(r.DuringStage1TableWalk);
                continue;
            }

            if (write && !e2.Writable)
            {
                Assert.Equal((WalkFaultKind.Permission, TranslationStage.Stage2), (r.Fault, r.Stage));
                continue;
            }

            Assert.False(r.IsFault, $"va 0x{va:x}: {r}");
            Assert.Equal(e2.Pa | (ipa & ((1UL << s2Shift) - 1)), r.OutputAddress);
            Assert.Equal(Math.Min(s1Shift, s2Shift), r.PageShift);
        }
    }

    private static bool Any<T>(Dictionary<ulong, T> map, ulong first, ulong count)
    {
        for (var i = 0UL; i < count; i++)
        {
            if (map.ContainsKey(first + i))
            {
                return true;
            }
        }

        return false;
    }
}
