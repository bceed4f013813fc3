using System;
using System.Threading;
using System.Threading.Tasks;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Caches;

/// <summary>
/// A bounded TLB recycles the nodes of evicted and invalidated entries, so a working set larger than the TLB runs
/// without allocating (QEMU allocates on every IOTLB miss) — and recycling never lets a lock-free reader return an
/// entry for another key.
/// </summary>
public sealed class TlbRecyclingTests
{
    private static TlbEntry<long> Page(ulong page, long value) =>
        new(TlbInputKind.VirtualAddress, vmid: 1, asid: 2, global: false, input: page << 12, pageShift: 12, level: 3, TranslationGranule.Size4K, value);

    [Fact]
    public void Warm_bounded_tlb_inserts_and_evicts_without_allocating()
    {
        var tlb = new Tlb<long>(CachePolicy.Bounded(64));
        for (ulong p = 0; p < 4096; p++)
        {
            tlb.Insert(Page(p, (long)p)); // warm up: the table, the spare table and the spare nodes exist now
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (ulong p = 4096; p < 4096 + 100_000; p++)
        {
            tlb.Insert(Page(p, (long)p));
            tlb.TryLookupVa(1, 2, p << 12, out _);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(64, tlb.Count);
    }

    [Fact]
    public void Invalidated_nodes_are_reused_and_the_new_entry_is_found()
    {
        var tlb = new Tlb<long>(CachePolicy.Bounded(8));
        tlb.Insert(Page(1, 100));
        Assert.Equal(1, tlb.InvalidateAsid(1, 2));
        tlb.Insert(Page(2, 200));

        Assert.False(tlb.TryLookupVa(1, 2, 1UL << 12, out _));
        Assert.True(tlb.TryLookupVa(1, 2, 2UL << 12, out var entry));
        Assert.Equal(200, entry.Value);
    }

    [Fact]
    public async Task Readers_never_see_an_entry_of_another_key_while_nodes_are_recycled()
    {
        // Each entry's value encodes its own page, so a reader can tell a torn or recycled copy from a real hit.
        var tlb = new Tlb<long>(CachePolicy.Bounded(32));
        using var stop = new CancellationTokenSource();
        var wrong = 0L;
        var hits = 0L;
        var readers = new Task[2];
        for (var r = 0; r < readers.Length; r++)
        {
            var seed = r;
            readers[r] = Task.Run(() =>
            {
                var random = new Random(seed);
                while (!stop.IsCancellationRequested)
                {
                    var page = (ulong)random.Next(0, 96);
                    if (tlb.TryLookupVa(1, 2, page << 12, out var entry))
                    {
                        Interlocked.Increment(ref hits);
                        if (entry.Value != (long)page || entry.InputBase != page << 12)
                        {
                            Interlocked.Increment(ref wrong);
                        }
                    }
                }
            });
        }

        // Churn until the readers have raced the writer many times (bounded: at most 5 s).
        var writer = new Random(7);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        for (var i = 0; i < 200_000 || (Interlocked.Read(ref hits) < 100_000 && DateTime.UtcNow < deadline); i++)
        {
            var page = (ulong)writer.Next(0, 96);
            if (i % 97 == 0)
            {
                tlb.InvalidateVa(1, 2, 0, 48UL << 12);
            }

            tlb.Insert(Page(page, (long)page));
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Equal(0, Interlocked.Read(ref wrong));
        Assert.True(Interlocked.Read(ref hits) > 0, "the readers hit nothing: the test proved nothing");
    }
}
