using System;
using System.Threading;
using System.Threading.Tasks;
using IommuLayouts.Emulator.Caches;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Caches;

public class TaggedCacheTests
{
    private readonly record struct StreamKey(uint StreamId, uint SubstreamId);

    [Fact]
    public void Stored_value_is_returned_until_invalidated()
    {
        var cache = new TaggedCache<StreamKey, string>(CachePolicy.Unbounded);
        cache.Set(new StreamKey(1, 0), "ste1");
        Assert.True(cache.TryGet(new StreamKey(1, 0), out var v));
        Assert.Equal("ste1", v);
        Assert.False(cache.TryGet(new StreamKey(1, 1), out _));
        Assert.True(cache.Invalidate(new StreamKey(1, 0)));
        Assert.False(cache.TryGet(new StreamKey(1, 0), out _));
        Assert.False(cache.Invalidate(new StreamKey(1, 0)));
    }

    [Fact]
    public void Predicate_invalidation_removes_a_stream_range()
    {
        var cache = new TaggedCache<StreamKey, int>(CachePolicy.Unbounded);
        for (var sid = 0u; sid < 40; sid++)
        {
            cache.Set(new StreamKey(sid, 0), (int)sid);
        }

        Assert.Equal(8, cache.InvalidateWhere(static (k, range) => k.StreamId >= range.Lo && k.StreamId < range.Hi, (Lo: 8u, Hi: 16u)));
        Assert.False(cache.TryGet(new StreamKey(8, 0), out _));
        Assert.True(cache.TryGet(new StreamKey(16, 0), out _));
        Assert.Equal(32, cache.InvalidateAll());
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void No_caching_policy_stores_nothing()
    {
        var cache = new TaggedCache<StreamKey, int>(CachePolicy.None);
        cache.Set(new StreamKey(1, 0), 1);
        Assert.False(cache.TryGet(new StreamKey(1, 0), out _));
    }

    [Fact]
    public void Bounded_cache_evicts_a_single_unreferenced_entry()
    {
        var cache = new TaggedCache<StreamKey, int>(CachePolicy.Bounded(3));
        cache.Set(new StreamKey(1, 0), 1);
        cache.Set(new StreamKey(2, 0), 2);
        cache.Set(new StreamKey(3, 0), 3);
        Assert.True(cache.TryGet(new StreamKey(1, 0), out _));
        Assert.True(cache.TryGet(new StreamKey(3, 0), out _));
        cache.Set(new StreamKey(4, 0), 4);
        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet(new StreamKey(2, 0), out _));
        Assert.True(cache.TryGet(new StreamKey(1, 0), out _));
        Assert.True(cache.TryGet(new StreamKey(4, 0), out _));
    }

    [Fact]
    public async Task Lookup_after_completed_invalidation_misses()
    {
        var cache = new TaggedCache<StreamKey, long>(CachePolicy.Bounded(8));
        long invalidated = -1;
        var done = false;
        var writer = Task.Run(() =>
        {
            for (long i = 0; i < 20_000; i++)
            {
                cache.Set(new StreamKey(7, 0), i);
                cache.Set(new StreamKey((uint)(i % 20), 1), i);
                cache.Invalidate(new StreamKey(7, 0));
                Volatile.Write(ref invalidated, i);
            }

            Volatile.Write(ref done, true);
        });
        var reader = Task.Run(() =>
        {
            while (!Volatile.Read(ref done))
            {
                var inv = Volatile.Read(ref invalidated);
                if (cache.TryGet(new StreamKey(7, 0), out var v))
                {
                    Assert.True(v > inv, $"saw {v} after invalidation {inv}");
                }
            }
        });
        await writer;
        await reader;
        Assert.InRange(cache.Count, 0, 8);
    }

    [Fact]
    public void Hit_allocates_nothing()
    {
        var cache = new TaggedCache<StreamKey, long>(CachePolicy.Bounded(16));
        cache.Set(new StreamKey(3, 4), 5);
        cache.TryGet(new StreamKey(3, 4), out var warm);
        long sum = 0;

        Assert.Equal(0, AllocationProbe.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                sum += cache.TryGet(new StreamKey(3, 4), out var v) ? v : 0;
            }
        }));
        Assert.Equal(5, warm);
        Assert.Equal(4 * 50_000, sum); // four runs (warm-up + three) of 10,000 hits of 5
    }
}
