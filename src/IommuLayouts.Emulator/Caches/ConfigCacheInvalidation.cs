namespace IommuLayouts.Emulator.Caches;

/// <summary>
/// The requester-keyed invalidation filters of the configuration cache (a <see cref="TaggedCache{TKey, TValue}"/>
/// keyed by <see cref="ConfigCacheKey"/>). Exact keys use <see cref="TaggedCache{TKey, TValue}.Invalidate"/>, filters
/// on the cached value (a VT-d DID) <see cref="TaggedCache{TKey, TValue}.InvalidateWhere{TState}(System.Func{TKey, TValue, TState, bool}, TState)"/>.
/// </summary>
public static class ConfigCacheInvalidation
{
    /// <summary>
    /// Removes every entry, with or without substream, of the requesters <c>[first, first + count)</c> (SMMUv3
    /// CFGI_STE, CFGI_STE_RANGE, CFGI_CD_ALL); returns how many.
    /// </summary>
    public static int InvalidateRequesters<TValue>(this TaggedCache<ConfigCacheKey, TValue> cache, ulong first, ulong count) =>
        cache.InvalidateWhere(static (k, r) => k.Requester >= r.First && k.Requester - r.First < r.Count, (First: first, Count: count));

    /// <summary>
    /// Removes every entry of the requesters equal to <paramref name="requester"/> in every bit outside
    /// <paramref name="ignoredBits"/> (VT-d device-selective context-cache invalidation with a function mask); returns how many.
    /// </summary>
    public static int InvalidateRequestersMasked<TValue>(this TaggedCache<ConfigCacheKey, TValue> cache, uint requester, uint ignoredBits) =>
        cache.InvalidateWhere(static (k, s) => (k.Requester & ~s.Ignored) == (s.Requester & ~s.Ignored), (Requester: requester, Ignored: ignoredBits));
}
