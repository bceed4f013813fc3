using System;
using System.Threading;
using System.Threading.Tasks;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Caches;

public class TlbTests
{
    private static TlbEntry<long> Va(int vmid, int asid, ulong va, int shift = 12, bool global = false, int level = 3, long value = 1) =>
        new(TlbInputKind.VirtualAddress, vmid, asid, global, va, shift, level, TranslationGranule.Size4K, value);

    private static TlbEntry<long> Ipa(int vmid, ulong ipa, int shift = 12, int level = 3, long value = 1) =>
        new(TlbInputKind.IntermediateAddress, vmid, -1, false, ipa, shift, level, TranslationGranule.Size4K, value);

    [Fact]
    public void No_caching_policy_never_hits()
    {
        var tlb = new Tlb<long>(CachePolicy.None);
        tlb.Insert(Va(1, 2, 0x1000));
        Assert.False(tlb.TryLookupVa(1, 2, 0x1000, out _));
        Assert.Equal(0, tlb.Count);
    }

    [Fact]
    public void Lookup_matches_vmid_asid_and_the_covered_range()
    {
        var tlb = new Tlb<long>(CachePolicy.Unbounded);
        tlb.Insert(Va(1, 2, 0x4000_0000, shift: 21, level: 2, value: 7));
        Assert.True(tlb.TryLookupVa(1, 2, 0x401F_FFFF, out var e));
        Assert.Equal(7, e.Value);
        Assert.Equal(0x4000_0000UL, e.InputBase);
        Assert.False(tlb.TryLookupVa(1, 3, 0x4000_0000, out _));
        Assert.False(tlb.TryLookupVa(2, 2, 0x4000_0000, out _));
        Assert.False(tlb.TryLookupVa(1, 2, 0x4020_0000, out _));
        Assert.False(tlb.TryLookupIpa(1, 0x4000_0000, out _));
    }

    [Fact]
    public void Global_entry_matches_every_asid_of_its_vmid()
    {
        var tlb = new Tlb<long>(CachePolicy.Unbounded);
        tlb.Insert(Va(1, 2, 0x1000, global: true));
        Assert.True(tlb.TryLookupVa(1, 99, 0x1000, out _));
        Assert.False(tlb.TryLookupVa(2, 2, 0x1000, out _));
    }

    [Fact]
    public void Entries_of_several_sizes_are_all_found()
    {
        var tlb = new Tlb<long>(CachePolicy.Unbounded);
        tlb.Insert(Va(1, 1, 0x1000, value: 1));
        tlb.Insert(Va(1, 1, 0x4000_0000, shift: 30, level: 1, value: 2));
        tlb.Insert(Va(1, 1, 0x20_0000, shift: 21, level: 2, value: 3));
        Assert.True(tlb.TryLookupVa(1, 1, 0x1FFF, out var a));
        Assert.True(tlb.TryLookupVa(1, 1, 0x7FFF_FFFF, out var b));
        Assert.True(tlb.TryLookupVa(1, 1, 0x3F_FFFF, out var c));
        Assert.Equal((1L, 2L, 3L), (a.Value, b.Value, c.Value));
    }

    [Fact]
    public void Reinserting_a_key_replaces_the_entry()
    {
        var tlb = new Tlb<long>(CachePolicy.Unbounded);
        tlb.Insert(Va(1, 1, 0x1000, value: 1));
        tlb.Insert(Va(1, 1, 0x1000, value: 2));
        Assert.Equal(1, tlb.Count);
        Assert.True(tlb.TryLookupVa(1, 1, 0x1000, out var e));
        Assert.Equal(2, e.Value);
    }

    [Fact]
    public void Asid_invalidation_spares_global_entries_and_other_asids()
    {
        var tlb = new Tlb<long>(CachePolicy.Unbounded);
        tlb.Insert(Va(1, 1, 0x1000));
        tlb.Insert(Va(1, 1, 0x2000, global: true));
        tlb.Insert(Va(1, 2, 0x1000));
        Assert.Equal(1, tlb.InvalidateAsid(1, 1));
        Assert.False(tlb.TryLookupVa(1, 1, 0x1000, out _));
        Assert.True(tlb.TryLookupVa(1, 1, 0x2000, out _));
        Assert.True(tlb.TryLookupVa(1, 2, 0x1000, out _));
    }

    [Fact]
    public void Va_invalidation_removes_overlapping_entries_of_the_asid_and_global_ones()
    {
        var tlb = new Tlb<long>(CachePolicy.Unbounded);
        tlb.Insert(Va(1, 1, 0x20_0000, shift: 21, level: 2));   // covers the range's first byte
        tlb.Insert(Va(1, 1, 0x60_0000));                         // beyond the range
        tlb.Insert(Va(1, 5, 0x40_0000, global: true));           // global, inside
        tlb.Insert(Va(1, 5, 0x40_1000));                         // other ASID, inside
        Assert.Equal(2, tlb.InvalidateVa(1, 1, 0x3F_F000, 0x3000));
        Assert.False(tlb.TryLookupVa(1, 1, 0x20_0000, out _));
        Assert.False(tlb.TryLookupVa(1, 5, 0x40_0000, out _));
        Assert.True(tlb.TryLookupVa(1, 5, 0x40_1000, out _));
        Assert.True(tlb.TryLookupVa(1, 1, 0x60_0000, out _));

        // NH_VAA: any ASID.
        Assert.Equal(1, tlb.InvalidateVa(1, null, 0x40_1000, 0x1000));
    }

    [Fact]
    public void Wrong_ttl_or_granule_hint_leaves_the_entry()
    {
        var tlb = new Tlb<long>(CachePolicy.Unbounded);
        tlb.Insert(Va(1, 1, 0x20_0000, shift: 21, level: 2));
        Assert.Equal(0, tlb.InvalidateVa(1, 1, 0x20_0000, 0x1000, leafOnly: true, ttlLevel: 3));
        Assert.Equal(0, tlb.InvalidateVa(1, 1, 0x20_0000, 0x1000, leafOnly: true, ttlLevel: 2, granule: TranslationGranule.Size64K));
        Assert.True(tlb.TryLookupVa(1, 1, 0x20_0000, out _));
        Assert.Equal(1, tlb.InvalidateVa(1, 1, 0x20_0000, 0x1000, leafOnly: true, ttlLevel: 2, granule: TranslationGranule.Size4K));
        Assert.False(tlb.TryLookupVa(1, 1, 0x20_0000, out _));
    }

    [Fact]
    public void Ipa_invalidation_removes_stage2_entries_but_not_combined_ones()
    {
        var tlb = new Tlb<long>(CachePolicy.Unbounded);
        tlb.Insert(Ipa(1, 0x8000));
        tlb.Insert(Va(1, 1, 0x8000));
        tlb.Insert(Ipa(2, 0x8000));
        Assert.Equal(1, tlb.InvalidateIpa(1, 0x8000, 0x1000));
        Assert.False(tlb.TryLookupIpa(1, 0x8000, out _));
        Assert.True(tlb.TryLookupVa(1, 1, 0x8000, out _));
        Assert.True(tlb.TryLookupIpa(2, 0x8000, out _));
    }

    [Fact]
    public void Vmid_and_all_invalidation()
    {
        var tlb = new Tlb<long>(CachePolicy.Unbounded);
        tlb.Insert(Ipa(1, 0x8000));
        tlb.Insert(Va(1, 1, 0x8000));
        tlb.Insert(Va(2, 1, 0x8000));
        Assert.Equal(2, tlb.InvalidateVmid(1));
        Assert.True(tlb.TryLookupVa(2, 1, 0x8000, out _));
        Assert.Equal(1, tlb.InvalidateAll());
        Assert.Equal(0, tlb.Count);
    }

    [Fact]
    public void Bounded_cache_evicts_one_entry_not_all()
    {
        var tlb = new Tlb<long>(CachePolicy.Bounded(8));
        for (var i = 0UL; i < 9; i++)
        {
            tlb.Insert(Va(1, 1, i << 12, value: (long)i));
        }

        Assert.Equal(8, tlb.Count);
        var hits = 0;
        for (var i = 0UL; i < 9; i++)
        {
            hits += tlb.TryLookupVa(1, 1, i << 12, out _) ? 1 : 0;
        }

        Assert.Equal(8, hits);
    }

    [Fact]
    public void Clock_gives_recently_used_entries_a_second_chance()
    {
        // Clock: the hand starts at the oldest slot; referenced entries are cleared and skipped, the first
        // unreferenced one is evicted.
        var tlb = new Tlb<long>(CachePolicy.Bounded(4));
        for (var i = 0UL; i < 4; i++)
        {
            tlb.Insert(Va(1, 1, i << 12));
        }

        Assert.True(tlb.TryLookupVa(1, 1, 0x0000, out _));
        Assert.True(tlb.TryLookupVa(1, 1, 0x1000, out _));
        Assert.True(tlb.TryLookupVa(1, 1, 0x3000, out _));
        tlb.Insert(Va(1, 1, 0x9000));
        Assert.False(tlb.TryLookupVa(1, 1, 0x2000, out _));
        Assert.True(tlb.TryLookupVa(1, 1, 0x0000, out _));
        Assert.True(tlb.TryLookupVa(1, 1, 0x9000, out _));
    }

    [Fact]
    public void Hit_allocates_nothing()
    {
        var tlb = new Tlb<long>(CachePolicy.Bounded(64));
        tlb.Insert(Va(1, 1, 0x1000, global: true));
        tlb.Insert(Va(1, 1, 0x20_0000, shift: 21, level: 2));
        long sum = 0;

        Assert.Equal(0, AllocationProbe.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                sum += tlb.TryLookupVa(1, 2, 0x1000, out var e) ? e.Value : 0;
                sum += tlb.TryLookupVa(1, 1, 0x20_1234, out e) ? e.Value : 0;
            }
        }));
        Assert.Equal(4 * 20_000, sum); // four runs (warm-up + three), each hitting both entries 10,000 times
    }

    [Fact]
    public async Task Lookup_after_a_completed_invalidation_never_returns_the_removed_entry()
    {
        var tlb = new Tlb<long>(CachePolicy.Bounded(32));
        long invalidated = -1;
        var done = false;
        var writer = Task.Run(() =>
        {
            for (long i = 0; i < 20_000; i++)
            {
                tlb.Insert(Va(1, 1, 0x5000, value: i));
                tlb.Insert(Va(1, 1, (ulong)(i % 64) << 20, value: i));
                tlb.InvalidateVa(1, 1, 0x5000, 0x1000);
                Volatile.Write(ref invalidated, i);
            }

            Volatile.Write(ref done, true);
        });

        var readers = new Task[2];
        for (var r = 0; r < readers.Length; r++)
        {
            readers[r] = Task.Run(() =>
            {
                while (!Volatile.Read(ref done))
                {
                    var inv = Volatile.Read(ref invalidated);
                    if (tlb.TryLookupVa(1, 1, 0x5000, out var e))
                    {
                        // Only an entry inserted after the last completed invalidation may be seen.
                        Assert.True(e.Value > inv, $"saw entry {e.Value} after invalidation {inv} completed");
                    }
                }
            });
        }

        await writer;
        await Task.WhenAll(readers);
        Assert.False(tlb.TryLookupVa(1, 1, 0x5000, out _));
        Assert.True(tlb.Count <= 32);
    }

    [Fact]
    public void Concurrent_inserts_lookups_and_invalidations_keep_the_bound()
    {
        var tlb = new Tlb<long>(CachePolicy.Bounded(100));
        Parallel.For(0, 4, t =>
        {
            var rng = new Random(t);
            for (var i = 0; i < 20_000; i++)
            {
                var va = (ulong)rng.Next(0, 400) << 12;
                var asid = rng.Next(0, 3);
                switch (rng.Next(0, 10))
                {
                    case 0: tlb.InvalidateAsid(1, asid); break;
                    case 1: tlb.InvalidateVa(1, asid, va, 0x4000); break;
                    case < 5: tlb.Insert(Va(1, asid, va, value: (long)(va >> 12))); break;
                    default:
                        if (tlb.TryLookupVa(1, asid, va, out var e))
                        {
                            Assert.Equal((long)(va >> 12), e.Value);
                        }

                        break;
                }
            }
        });
        Assert.InRange(tlb.Count, 0, 100);
    }
}
