using System;
using System.Threading;
using System.Threading.Tasks;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using Xunit;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// Translations on several threads while one thread rewrites page tables, invalidates (TLBI + CMD_SYNC) and writes
/// registers: after a CMD_SYNC completes, no translation that starts afterwards returns a mapping the invalidation
/// removed; every recorded fault is in the event queue, whole. Bounded: a fixed number of generations.
/// </summary>
public class ConcurrencyStressTests
{
    private const uint Sid = 2;
    private const ulong Va = 0x10_0000_0000;
    private const int Pages = 32;
    private const int Generations = 400;
    private const int Translators = 3;
    private const int FaultsPerThread = 250;
    private const ulong CdTable = 0x4E20_0000;

    // Generation g maps page i of Va to g * 4 GB + i * 4 KB (the generation can be read back from the output).
    private static ulong PaOf(int generation, int page) => ((ulong)generation << 32) + ((ulong)page << 12);

    [Fact]
    public async Task No_translation_after_cmd_sync_sees_an_invalidated_mapping_and_no_event_is_lost()
    {
        var bed = new Smmuv3TestBed();
        var tables = bed.Stage1Tables();
        tables.Map(Va, PaOf(1, 0), (ulong)Pages << 12, IommuProt.Read | IommuProt.Write, useBlocks: false);
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(tables.RootAddress, asid: 3));
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable) with { S2VMID = 1 });
        var leaves = new ulong[Pages];
        for (var i = 0; i < Pages; i++)
        {
            leaves[i] = tables.FindDescriptorAddress(Va + ((ulong)i << 12), 3)!.Value;
        }

        var completed = 1; // the newest generation whose invalidation has completed
        var done = 0;
        var recorded = 0;
        var failures = 0;
        string? firstFailure = null;
        void Fail(string message)
        {
            Interlocked.Increment(ref failures);
            Interlocked.CompareExchange(ref firstFailure, message, null);
        }

        var translators = new Task[Translators];
        for (var t = 0; t < Translators; t++)
        {
            var seed = t;
            translators[t] = Task.Run(() =>
            {
                var random = new Random(seed);
                var faults = 0;
                while (Volatile.Read(ref done) == 0 || faults < FaultsPerThread)
                {
                    var page = random.Next(Pages);
                    if (faults < FaultsPerThread && random.Next(8) == 0)
                    {
                        // Unmapped page beyond the mapped range: F_TRANSLATION, recorded (CD.R = 1).
                        var miss = bed.Smmu.Translate(new Smmuv3Request(Sid, Va + ((ulong)(Pages + page) << 12), AccessKind.Read));
                        if (miss.EventType != EventType.F_TRANSLATION || !miss.EventRecorded)
                        {
                            Fail($"unmapped page gave {miss}");
                        }

                        faults++;
                        Interlocked.Increment(ref recorded);
                        continue;
                    }

                    var floor = Volatile.Read(ref completed);
                    var r = bed.Smmu.Translate(new Smmuv3Request(Sid, Va + ((ulong)page << 12) + 8, AccessKind.Read));
                    var generation = (int)(r.OutputAddress >> 32);
                    if (!r.IsSuccess || (r.OutputAddress & 0xFFFF_FFFFUL) != ((ulong)page << 12) + 8 || generation < floor)
                    {
                        Fail($"page {page}: {r} after generation {floor} completed");
                    }
                }
            });
        }

        for (var g = 2; g <= Generations; g++)
        {
            for (var i = 0; i < Pages; i++)
            {
                var pte = bed.Read64(leaves[i]);
                Assert.True(bed.Memory.TryWriteUInt64(leaves[i], (pte & ~0xFFFF_FFFF_F000UL) | PaOf(g, i)));
            }

            if (g % 3 == 0)
            {
                bed.Submit(TlbiNhAsidCommand.Create() with { VMID = 1, ASID = 3 });
            }
            else
            {
                bed.Submit(TlbiNhVaCommand.Create() with { VMID = 1, ASID = 3, TG = 1, Num = Pages - 1, Address = Va });
            }

            bed.W32(R.IrqCtrl, (uint)g & 5); // register traffic alongside
            bed.Sync();
            Volatile.Write(ref completed, g);
        }

        Volatile.Write(ref done, 1);
        await Task.WhenAll(translators);
        Assert.True(failures == 0, $"{failures} failures, first: {firstFailure}");

        var events = bed.DrainEvents();
        Assert.Equal(Volatile.Read(ref recorded), events.Count);
        foreach (var e in events)
        {
            Assert.Equal(EventType.F_TRANSLATION, e.EventID);
            Assert.Equal(Sid, e.StreamID);
            Assert.InRange(e.InputAddr, Va + ((ulong)Pages << 12), Va + ((ulong)(2 * Pages) << 12));
        }
    }

    /// <summary>Blocks the walking thread at its leaf descriptor until the test lets it go.</summary>
    private sealed class PauseAtLeaf : IWalkTraceSink
    {
        public readonly ManualResetEventSlim AtLeaf = new();
        public readonly ManualResetEventSlim Release = new();

        public void OnStep(in WalkTraceStep step)
        {
            if (step.Decision == WalkStepDecision.Translated)
            {
                AtLeaf.Set();
                Release.Wait(TimeSpan.FromSeconds(10));
            }
        }
    }

    [Fact]
    public async Task Walk_that_read_a_descriptor_before_an_invalidation_does_not_cache_it()
    {
        var bed = new Smmuv3TestBed();
        var tables = bed.Stage1Tables();
        tables.Map(Va, PaOf(1, 0), 0x1000, IommuProt.Read);
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(tables.RootAddress, asid: 3));
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable) with { S2VMID = 1 });
        var leaf = tables.FindDescriptorAddress(Va, 3)!.Value;

        var pause = new PauseAtLeaf();
        var walker = Task.Run(() => bed.Smmu.Translate(new Smmuv3Request(Sid, Va, AccessKind.Read), pause));
        Assert.True(pause.AtLeaf.Wait(TimeSpan.FromSeconds(10)));

        // The walk has read the old leaf; the guest now changes it and invalidates.
        Assert.True(bed.Memory.TryWriteUInt64(leaf, (bed.Read64(leaf) & ~0xFFFF_FFFF_F000UL) | PaOf(2, 0)));
        bed.Submit(TlbiNhVaCommand.Create() with { VMID = 1, ASID = 3, Address = Va });
        bed.Sync();
        pause.Release.Set();
        Assert.Equal(PaOf(1, 0), (await walker).OutputAddress); // in flight before the invalidation: old answer allowed

        Assert.Equal(PaOf(2, 0), bed.Read(Sid, Va).OutputAddress);
    }
}
