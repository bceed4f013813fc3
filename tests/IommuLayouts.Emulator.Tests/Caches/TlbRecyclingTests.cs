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
        ulong next = 0;
        Churn(tlb, ref next); // warm up: the table, the spare table and the spare nodes exist now

        // A per-insert allocation would cost at least 24 bytes x 100,000 in every run; one-time runtime work on this
        // thread (a loop's tier-up) can add a few bytes to one run. So: some full run of 100,000 operations allocates nothing.
        var allocated = new long[3];
        for (var run = 0; run < allocated.Length; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Churn(tlb, ref next);
            allocated[run] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Contains(0L, allocated);
        Assert.All(allocated, bytes => Assert.True(bytes < 100_000, $"{bytes} bytes in one run: an allocation per operation"));
        Assert.Equal(64, tlb.Count);

        static void Churn(Tlb<long> tlb, ref ulong next)
        {
            for (var i = 0; i < 100_000; i++, next++)
            {
                tlb.Insert(Page(next, (long)next));
                tlb.TryLookupVa(1, 2, next << 12, out _);
            }
        }
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
        // Dedicated threads, not thread-pool tasks: on a 2-core CI machine running test classes in parallel, pool
        // work items can wait behind other tests for the whole churn, and the readers then never race the writer.
        using var started = new CountdownEvent(2);
        var readers = new Task[2];
        for (var r = 0; r < readers.Length; r++)
        {
            var seed = r;
            readers[r] = Task.Factory.StartNew(() =>
            {
                var random = new Random(seed);
                started.Signal();
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
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the reader threads did not start");

        // Churn until the readers have raced the writer many times (bounded: at most 20 s).
        var writer = new Random(7);
        var deadline = DateTime.UtcNow.AddSeconds(20);
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
