using System;
using System.Collections.Generic;
using CsCheck;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Walkers;

/// <summary>
/// The walker against an independent reference: a dictionary from granule-sized input page to (output page,
/// writable), filled from the same random mapping list the page-table builder consumed — never by reading tables.
/// </summary>
public class WalkerPropertyTests
{
    private static readonly TranslationGranule[] Granules = [TranslationGranule.Size4K, TranslationGranule.Size16K, TranslationGranule.Size64K];

    // (input page seed, output page seed, pages (0 = one level-2 block), writable)
    private static readonly Gen<(ulong, ulong, int, bool)> MappingGen = Gen.Select(Gen.ULong, Gen.ULong, Gen.Int[0, 3], Gen.Bool);

    private static readonly Gen<(int Granule, int InputSize, int Level, (ulong, ulong, int, bool)[] Mappings, ulong[] Queries)> CaseGen =
        Gen.Select(Gen.Int[0, 2], Gen.Int[25, 48], Gen.Int[0, 3], MappingGen.Array[1, 24], Gen.ULong.Array[1, 40]);

    [Fact]
    public void Stage1_walk_agrees_with_the_reference_map()
    {
        CaseGen.Sample(c => Check(TranslationStage.Stage1, c), iter: 300, threads: 1);
    }

    [Fact]
    public void Stage2_walk_agrees_with_the_reference_map()
    {
        CaseGen.Sample(c => Check(TranslationStage.Stage2, c), iter: 300, threads: 1);
    }

    private static void Check(TranslationStage stage, (int Granule, int InputSize, int Level, (ulong, ulong, int, bool)[] Mappings, ulong[] Queries) c)
    {
        var granule = Granules[c.Granule];
        var g = (int)granule;
        var inputSize = c.InputSize;
        int? startLevel = null;
        if (stage == TranslationStage.Stage2)
        {
            // Any SL0 whose start level resolves the input with 1..16 tables.
            for (var sl0 = 0; sl0 < 3 && startLevel is null; sl0++)
            {
                var level = VmsaGeometry.Stage2StartLevel(granule, (sl0 + c.Level) % 3);
                var bits = inputSize - VmsaGeometry.LevelShift(granule, level);
                if (bits >= 1 && bits <= VmsaGeometry.Stride(granule) + 4)
                {
                    startLevel = level;
                }
            }

            if (startLevel is null)
            {
                return;
            }
        }

        var memory = new SparseGuestMemory();
        var builder = new Vmsa64PageTableBuilder(memory, new BumpTableAllocator(memory, 0xF_0000_0000, 0xF_8000_0000), stage, granule, inputSize, startLevel);
        var reference = new Dictionary<ulong, (ulong Output, bool Writable)>();
        var page = 1UL << g;
        var blockShift = g + (g - 3); // level-2 block
        var inputPages = 1UL << (inputSize - g);

        // Level-2 regions holding a block, and regions holding page mappings: a block may not share its region
        // with pages (the builder would refuse), so such mappings are skipped from both the tables and the reference.
        var blockRegions = new HashSet<ulong>();
        var pageRegions = new HashSet<ulong>();
        var regionPages = 1UL << (blockShift - g);
        foreach (var (inSeed, outSeed, pages, writable) in c.Mappings)
        {
            var block = pages == 0 && blockShift < inputSize;
            var count = block ? regionPages : (ulong)Math.Max(pages, 1);
            var alignPages = block ? count : 1UL;
            var first = (inSeed % inputPages) & ~(alignPages - 1);
            if (first + count > inputPages)
            {
                continue;
            }

            var outFirst = (outSeed % (1UL << (40 - g))) & ~(alignPages - 1);
            var conflict = false;
            for (var i = 0UL; i < count && !conflict; i++)
            {
                var region = (first + i) / regionPages;
                conflict = reference.ContainsKey(first + i) || blockRegions.Contains(region) || (block && pageRegions.Contains(region));
            }

            if (conflict)
            {
                continue;
            }

            var prot = IommuProt.Read | (writable ? IommuProt.Write : IommuProt.None);
            builder.Map(first << g, outFirst << g, count << g, prot, useBlocks: block);
            for (var i = 0UL; i < count; i++)
            {
                reference[first + i] = ((outFirst + i) << g, writable);
                (block ? blockRegions : pageRegions).Add((first + i) / regionPages);
            }
        }

        var walker = new PageTableWalker(memory);
        var s1 = stage == TranslationStage.Stage1 ? builder.CreateStage1Config() : default;
        var s2 = stage == TranslationStage.Stage2 ? builder.CreateStage2Config() : default;
        var mappedPages = new List<ulong>(reference.Keys);
        for (var q = 0; q < c.Queries.Length; q++)
        {
            var seed = c.Queries[q];
            var address = (q & 1) == 0 && mappedPages.Count > 0
                ? (mappedPages[(int)(seed % (ulong)mappedPages.Count)] << g) | ((seed >> 20) & (page - 1))
                : seed & ((1UL << inputSize) - 1);
            var write = (seed & 0x8000_0000_0000_0000UL) != 0;
            var access = write ? AccessKind.Write : AccessKind.Read;
            var r = stage == TranslationStage.Stage1
                ? walker.WalkStage1(s1, address, access, privileged: false)
                : walker.WalkStage2(s2, address, access, privileged: false);

            if (reference.TryGetValue(address >> g, out var expected))
            {
                if (write && !expected.Writable)
                {
                    Assert.Equal(WalkFaultKind.Permission, r.Fault);
                }
                else
                {
                    Assert.False(r.IsFault, $"0x{address:x}: {r}");
                    Assert.Equal(expected.Output | (address & (page - 1)), r.OutputAddress);
                }
            }
            else
            {
                Assert.Equal(WalkFaultKind.Translation, r.Fault);
            }
        }
    }
}
