using System.Collections.Generic;
using IommuLayouts.Emulator.Caches;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Caches;

/// <summary>
/// The configuration cache both models use (a <see cref="TaggedCache{TKey, TValue}"/> keyed by
/// <see cref="ConfigCacheKey"/>): keys with and without a substream, each invalidation filter, and the
/// <see cref="InvalidationEpoch"/> that guards its fills.
/// </summary>
public sealed class ConfigCacheTests
{
    private static TaggedCache<ConfigCacheKey, string> Filled(params ConfigCacheKey[] keys)
    {
        var cache = new TaggedCache<ConfigCacheKey, string>(CachePolicy.Unbounded);
        foreach (var key in keys)
        {
            cache.Set(key, key.ToString());
        }

        return cache;
    }

    private static ConfigCacheKey K(uint requester) => new(requester);

    private static ConfigCacheKey K(uint requester, uint substream) => new(requester, substream);

    private static void AssertCached(TaggedCache<ConfigCacheKey, string> cache, bool expected, params ConfigCacheKey[] keys)
    {
        foreach (var key in keys)
        {
            Assert.True(cache.TryGet(key, out _) == expected, $"{key} should be {(expected ? "cached" : "gone")}");
        }
    }

    [Fact]
    public void Keys_with_and_without_a_substream_are_distinct()
    {
        Assert.NotEqual(K(1), K(1, 0));
        Assert.NotEqual(K(1, 0), K(1, 1));
        Assert.NotEqual(K(1, 0), K(2, 0));
        Assert.Equal(K(7, 3), K(7, 3));
        Assert.False(K(1).HasSubstream);
        Assert.True(K(1, 0).HasSubstream);

        var cache = Filled(K(1), K(1, 0), K(1, 1));
        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet(K(1), out var none));
        Assert.True(cache.TryGet(K(1, 0), out var zero));
        Assert.Equal("1:-", none);
        Assert.Equal("1:0", zero);
        Assert.True(cache.Invalidate(K(1, 0)));
        AssertCached(cache, true, K(1), K(1, 1));
    }

    [Fact]
    public void Requester_range_removes_every_substream_of_the_range_and_nothing_else()
    {
        var cache = Filled(K(7), K(8), K(8, 0), K(8, 5), K(11, 2), K(12), K(12, 0));
        Assert.Equal(4, cache.InvalidateRequesters(8, 4)); // 8..11
        AssertCached(cache, false, K(8), K(8, 0), K(8, 5), K(11, 2));
        AssertCached(cache, true, K(7), K(12), K(12, 0));
    }

    [Fact]
    public void Requester_range_of_the_whole_stream_id_space_removes_everything()
    {
        var cache = Filled(K(0), K(1, 1), K(uint.MaxValue), K(uint.MaxValue, 3));
        Assert.Equal(4, cache.InvalidateRequesters(0, 1UL << 32));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Masked_requester_filter_ignores_only_the_masked_bits()
    {
        // Source ids 00:03.0 .. 00:03.7 are 0x18..0x1F; a mask of bit 2 pairs function 1 with function 5.
        var cache = Filled(K(0x18), K(0x19), K(0x1D), K(0x1B), K(0x21));
        Assert.Equal(2, cache.InvalidateRequestersMasked(0x19, 0b100));
        AssertCached(cache, false, K(0x19), K(0x1D));
        AssertCached(cache, true, K(0x18), K(0x1B), K(0x21));
        Assert.Equal(1, cache.InvalidateRequestersMasked(0x18, 0));
        AssertCached(cache, true, K(0x1B), K(0x21));
    }

    [Fact]
    public void Value_filter_sees_the_cached_value()
    {
        var cache = new TaggedCache<ConfigCacheKey, int>(CachePolicy.Unbounded);
        cache.Set(K(1, 1), 10);
        cache.Set(K(1, 2), 20);
        cache.Set(K(2, 1), 10);
        Assert.Equal(2, cache.InvalidateWhere(static (_, domain, did) => domain == did, 10));
        Assert.False(cache.TryGet(K(1, 1), out _));
        Assert.False(cache.TryGet(K(2, 1), out _));
        Assert.True(cache.TryGet(K(1, 2), out _));
    }

    [Fact]
    public void Fill_with_the_current_epoch_inserts_and_after_an_invalidation_is_refused()
    {
        var epoch = new InvalidationEpoch();
        var cache = new TaggedCache<ConfigCacheKey, string>(CachePolicy.Unbounded);
        var before = epoch.Current;
        Assert.True(epoch.Fill(before, cache, new KeyValuePair<ConfigCacheKey, string>(K(1), "a")));
        using (epoch.Invalidate())
        {
            cache.InvalidateAll();
        }

        Assert.NotEqual(before, epoch.Current);
        Assert.False(epoch.Fill(before, cache, new KeyValuePair<ConfigCacheKey, string>(K(1), "stale")));
        Assert.False(cache.TryGet(K(1), out _));
        Assert.True(epoch.Fill(epoch.Current, cache, new KeyValuePair<ConfigCacheKey, string>(K(1), "b")));
        Assert.True(cache.TryGet(K(1), out var value));
        Assert.Equal("b", value);
    }

    [Fact]
    public void Fill_of_a_cache_that_caches_nothing_reports_no_insert()
    {
        var epoch = new InvalidationEpoch();
        var cache = new TaggedCache<ConfigCacheKey, string>(CachePolicy.None);
        Assert.False(epoch.Fill(epoch.Current, cache, new KeyValuePair<ConfigCacheKey, string>(K(1), "a")));
        Assert.Equal(0, cache.Count);
    }
}
