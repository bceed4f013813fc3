using IommuLayouts.Emulator.Caches;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// The caching of an <see cref="VtdRemappingUnit"/>: the IOTLB (tagged by DID and PASID), the context cache (by source id),
/// the PASID cache (by source id and PASID, invalidated by DID and PASID) and the interrupt-entry cache (present IRTEs by
/// interrupt index, invalidated by IEC descriptors). The IOTLB default is a bounded
/// 1024-entry cache that evicts one entry at a time (QEMU keeps 1024 and flushes them all when full).
/// </summary>
public sealed record VtdCacheOptions
{
    /// <summary>IOTLB policy.</summary>
    public CachePolicy Iotlb { get; init; } = CachePolicy.Bounded(1024);

    /// <summary>Context-cache policy.</summary>
    public CachePolicy ContextCache { get; init; } = CachePolicy.Unbounded;

    /// <summary>PASID-cache policy.</summary>
    public CachePolicy PasidCache { get; init; } = CachePolicy.Unbounded;

    /// <summary>Interrupt-entry-cache policy.</summary>
    public CachePolicy InterruptEntryCache { get; init; } = CachePolicy.Unbounded;

    /// <summary>No caching at all: every request walks the tables.</summary>
    public static VtdCacheOptions None => new()
    {
        Iotlb = CachePolicy.None,
        ContextCache = CachePolicy.None,
        PasidCache = CachePolicy.None,
        InterruptEntryCache = CachePolicy.None,
    };
}
