using System.Collections.Generic;
using CsCheck;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Walkers.Vtd;

/// <summary>
/// The VT-d walkers against an independent reference: a dictionary from input page to (output page, writable)
/// filled from the random mapping list given to the builder, never by reading tables. Each mapping owns a distinct
/// 2 MiB slot, holding either one 2 MiB page or a few 4 KiB pages, so the reference needs no overlap rules.
/// </summary>
public sealed class VtdWalkerPropertyTests
{
    // (slot seed, output seed, large page, 4 KiB page index seed, writable)
    private static readonly Gen<(uint, uint, bool, int, bool)> MappingGen = Gen.Select(Gen.UInt, Gen.UInt[1, 0xFFFF], Gen.Bool, Gen.Int[0, 511], Gen.Bool);

    private static readonly Gen<(int Levels, (uint, uint, bool, int, bool)[] Mappings, ulong[] Queries)> CaseGen =
        Gen.Select(Gen.Int[0, 2], MappingGen.Array[1, 20], Gen.ULong.Array[1, 40]);

    [Fact]
    public void Second_stage_agrees_with_the_reference_map()
    {
        CaseGen.Sample(c => Check(VtdTableFormat.SecondStage, c.Levels + 3, c.Mappings, c.Queries), iter: 200, threads: 1);
    }

    [Fact]
    public void First_stage_agrees_with_the_reference_map()
    {
        CaseGen.Sample(c => Check(VtdTableFormat.FirstStage, 4 + (c.Levels & 1), c.Mappings, c.Queries), iter: 200, threads: 1);
    }

    private static void Check(VtdTableFormat format, int levels, (uint, uint, bool, int, bool)[] mappings, ulong[] queries)
    {
        var memory = new SparseGuestMemory();
        var tables = new VtdPageTableBuilder(memory, new BumpTableAllocator(memory, 0x1_0000_0000, 0x2_0000_0000), format, levels);
        var inputBits = format == VtdTableFormat.FirstStage ? 11 + (9 * levels) : 12 + (9 * levels); // first stage: lower canonical half
        var slotBits = inputBits - 21;
        var reference = new Dictionary<ulong, (ulong Output, bool Writable)>();
        var large = new Dictionary<ulong, (ulong Output, bool Writable)>();
        var used = new HashSet<ulong>();
        var probes = new List<ulong>();
        foreach (var (slotSeed, outSeed, isLarge, pageIndex, writable) in mappings)
        {
            var slot = slotSeed & ((1UL << slotBits) - 1);
            if (!used.Add(slot))
            {
                continue;
            }

            var prot = IommuProt.Read | (writable ? IommuProt.Write : 0);
            var outputSlot = (ulong)outSeed << 21; // below 2^37, under the 48-bit host width
            if (isLarge)
            {
                tables.Map(slot << 21, outputSlot, 1UL << 21, prot, 21);
                large[slot] = (outputSlot, writable);
                probes.Add((slot << 21) | ((ulong)(uint)pageIndex << 12));
            }
            else
            {
                for (var k = 0; k < 3; k++)
                {
                    var page = (slot << 9) | (uint)((pageIndex + (k * 37)) & 511);
                    tables.Map(page << 12, outputSlot + ((ulong)k << 12), 0x1000, prot);
                    reference[page] = (outputSlot + ((ulong)k << 12), writable);
                    probes.Add(page << 12);
                }
            }
        }

        foreach (var q in queries)
        {
            probes.Add(q & ((1UL << inputBits) - 1));
        }

        var ss = new VtdSecondStageConfig(tables.RootAddress, format == VtdTableFormat.SecondStage ? levels : 4, 48);
        var fs = new VtdFirstStageConfig(tables.RootAddress, format == VtdTableFormat.FirstStage ? levels : 4, 48);
        foreach (var address in probes)
        {
            foreach (var access in new[] { AccessKind.Read, AccessKind.Write })
            {
                var result = format == VtdTableFormat.SecondStage
                    ? new PageTableWalker(memory).WalkSecondStage(in ss, address, access, false, null)
                    : new PageTableWalker(memory).WalkFirstStage(in fs, address, access, false, false, null);
                (ulong Output, bool Writable) expected;
                ulong offsetMask;
                if (large.TryGetValue(address >> 21, out expected))
                {
                    offsetMask = (1UL << 21) - 1;
                }
                else if (reference.TryGetValue(address >> 12, out expected))
                {
                    offsetMask = 0xFFF;
                }
                else
                {
                    Assert.True(result.IsFault, $"0x{address:x} is unmapped but translated: {result}");
                    continue;
                }

                if (access == AccessKind.Write && !expected.Writable)
                {
                    Assert.Equal(WalkFaultDetail.WriteDenied, result.Detail);
                    continue;
                }

                Assert.False(result.IsFault, $"0x{address:x}: {result}");
                Assert.Equal(expected.Output | (address & offsetMask), result.OutputAddress);
            }
        }
    }
}
