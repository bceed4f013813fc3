using System;
using System.Collections.Generic;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using Xunit;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// Random guest data: stream table, CD tables, translation tables and the command queue hold random bytes or mutated
/// legal entries; random requests, commands and register writes follow, for a bounded number of iterations (seeded, so
/// a failure reproduces). No exception may escape, and every request must end as a translation, bypass, abort or one
/// of the architected events the model raises, whose record (if recorded) is the one in the event queue.
/// </summary>
public class FuzzTests
{
    private const ulong Region = 0x4E20_0000;       // CDs and tables live here (and stage-2 identity maps it)
    private const ulong RegionSize = 0x10_0000;

    private static readonly HashSet<EventType> Raised =
    [
        EventType.F_UUT, EventType.C_BAD_STREAMID, EventType.F_STE_FETCH, EventType.C_BAD_STE, EventType.F_STREAM_DISABLED,
        EventType.F_TRANSL_FORBIDDEN, EventType.C_BAD_SUBSTREAMID, EventType.F_CD_FETCH, EventType.C_BAD_CD, EventType.F_WALK_EABT,
        EventType.F_TRANSLATION, EventType.F_ADDR_SIZE, EventType.F_ACCESS, EventType.F_PERMISSION,
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_tables_requests_and_commands_end_in_results_or_architected_events(int seed)
    {
        var random = new Random(seed);
        var bed = new Smmuv3TestBed(seed == 3 ? Smmuv3Capabilities.Default with { TlbPolicy = IommuLayouts.Emulator.Caches.CachePolicy.None, SubstreamIdBits = 6, Ats = false } : null);
        bed.Memory.AddFaultRegion(Region + RegionSize - 0x1000, 0x1000, IommuLayouts.Emulator.Memory.MemoryFaults.Read);

        // Legal templates to mutate, so that random bits reach every stage of the pipeline.
        var s1 = bed.Stage1Tables();
        s1.Map(0x4000_0000, 0x8000_0000, 0x40_0000, IommuProt.Read | IommuProt.Write, useBlocks: false);
        var s2 = bed.Stage2Tables();
        s2.Map(0x4000_0000, 0x8000_0000, 0x40_0000, IommuProt.Read | IommuProt.Write);
        s2.Map(Region, Region, RegionSize, IommuProt.Read);
        s2.Map(Smmuv3TestBed.TablePool, Smmuv3TestBed.TablePool, 0x40_0000, IommuProt.Read);
        var cd = Smmuv3TestBed.Cd(s1.RootAddress);
        var seen = new Dictionary<string, int>();

        for (var iteration = 0; iteration < 400; iteration++)
        {
            MutateGuest(random, bed, cd, s2.RootAddress);
            for (var i = 0; i < 50; i++)
            {
                Request(random, bed, seen);
            }

            for (var i = 0; i < 4; i++)
            {
                Command(random, bed);
            }

            if (random.Next(10) == 0)
            {
                // Acknowledge any command-queue error, as a driver would.
                bed.W32(R.Gerrorn, bed.R32(R.Gerror));
            }

            if (random.Next(20) == 0)
            {
                RegisterNoise(random, bed);
            }

            bed.DrainEvents();
        }

        // The mutations must reach deep into the pipeline, not stop at the stream table.
        var summary = string.Join(", ", seen);
        Assert.True(seen.GetValueOrDefault(nameof(Smmuv3Outcome.Translated)) > 100, summary);
        Assert.True(seen.Count >= 9, summary);
        Assert.True(seen.ContainsKey(nameof(EventType.C_BAD_CD)) && seen.ContainsKey(nameof(EventType.F_TRANSLATION)), summary);
    }

    private static void MutateGuest(Random random, Smmuv3TestBed bed, ContextDescriptor cd, ulong s2ttb)
    {
        var sid = (uint)random.Next(32);
        StreamTableEntry ste = random.Next(5) switch
        {
            0 => Smmuv3TestBed.S1Ste(Region, (byte)random.Next(4), (SteS1Format)random.Next(4), (SteS1Dss)random.Next(4)),
            1 => Smmuv3TestBed.S2Ste(s2ttb, (ushort)random.Next(4)),
            2 => Smmuv3TestBed.S2Ste(s2ttb, 1, SteConfig.Nested, Region) with { S1CDMax = (byte)random.Next(3) },
            3 => new StreamTableEntry { V = true, Config = (SteConfig)random.Next(8) },
            _ => default,
        };
        Span<ulong> words = stackalloc ulong[8];
        ste.CopyWordsTo(words);
        Flip(random, words);
        bed.WriteWords(Smmuv3TestBed.StreamTable + (sid * 64), words);

        cd.CopyWordsTo(words);
        Flip(random, words);
        bed.WriteWords(Region + ((ulong)random.Next(8) * 64), words);

        // L1CDs and random words anywhere in the region, and random bits in live page-table descriptors.
        for (var i = 0; i < 8; i++)
        {
            var address = Region + ((ulong)random.Next((int)(RegionSize / 8) - 512) * 8);
            bed.WriteWords(address, [random.Next(2) == 0 ? RandomWord(random) : (Region + ((ulong)random.Next(16) << 12)) | 1]);
        }

        var pool = Smmuv3TestBed.TablePool + ((ulong)random.Next(0x4000) * 8);
        Assert.True(bed.Memory.TryReadUInt64(pool, out var pte));
        bed.WriteWords(pool, [pte ^ (1UL << random.Next(64))]);
    }

    private static void Flip(Random random, Span<ulong> words)
    {
        var flips = random.Next(4);
        for (var i = 0; i < flips; i++)
        {
            words[random.Next(words.Length)] ^= 1UL << random.Next(64);
        }

        if (random.Next(10) == 0)
        {
            words[random.Next(words.Length)] = RandomWord(random);
        }
    }

    private static ulong RandomWord(Random random) => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);

    private static void Request(Random random, Smmuv3TestBed bed, Dictionary<string, int> seen)
    {
        var sid = (uint)random.Next(40);
        var address = random.Next(3) switch
        {
            0 => 0x4000_0000UL + (ulong)random.Next(0x50_0000),
            1 => RandomWord(random),
            _ => (ulong)random.Next() << 12,
        };
        var access = (AccessKind)random.Next(3);
        var request = random.Next(3) == 0
            ? new Smmuv3Request(sid, (uint)random.Next(1 << 20), address, access, random.Next(2) == 0)
            : new Smmuv3Request(sid, address, access, random.Next(2) == 0) { AtsTranslated = random.Next(30) == 0 };
        var r = bed.Smmu.Translate(request);
        var key = r.Outcome == Smmuv3Outcome.Faulted ? r.EventType.ToString() : r.Outcome.ToString();
        seen[key] = seen.GetValueOrDefault(key) + 1;
        switch (r.Outcome)
        {
            case Smmuv3Outcome.Translated:
                Assert.NotEqual(0UL, r.PageSize);
                Assert.True(r.Permissions.Allows(access, request.Privileged));
                break;
            case Smmuv3Outcome.Bypassed:
                Assert.Equal(address, r.OutputAddress);
                break;
            case Smmuv3Outcome.Aborted:
                break;
            case Smmuv3Outcome.Faulted:
                Assert.Contains(r.EventType, Raised);
                Assert.Equal(sid, r.Event.StreamID);
                if (r.EventRecorded)
                {
                    var events = bed.DrainEvents();
                    Assert.Single(events);
                    Assert.Equal(r.Event, events[0]);
                }

                break;
            default:
                Assert.Fail($"unknown outcome {r.Outcome}");
                break;
        }
    }

    private static void Command(Random random, Smmuv3TestBed bed)
    {
        var opcode = random.Next(4) == 0 ? (ulong)random.Next(256) : (ulong)(byte)Enum.GetValues<CommandOpcode>()[random.Next(Enum.GetValues<CommandOpcode>().Length)];
        var word0 = opcode | ((ulong)random.Next(2) == 0 ? 0 : RandomWord(random) & ~0xFFUL);
        var word1 = random.Next(2) == 0 ? 0 : RandomWord(random);
        if (opcode == (ulong)CommandOpcode.CMD_SYNC)
        {
            // Keep MSI writes inside the command region's scratch page so they cannot clobber tables.
            word1 = 0x4E30_0000;
        }

        bed.Submit(word0, word1);
        var cons = bed.R32(R.CmdqCons);
        Assert.InRange((cons >> 24) & 0x7F, 0u, 2u);
    }

    private static void RegisterNoise(Random random, Smmuv3TestBed bed)
    {
        ulong[] offsets = [R.Cr1, R.Cr2, R.IrqCtrl, R.GerrorIrqCfg1, R.EventqIrqCfg1, R.Gbpa, R.Aidr, R.Idr0];
        bed.Smmu.WriteRegister(offsets[random.Next(offsets.Length)], (uint)random.Next(), 32);
    }
}
