namespace IommuLayouts.Emulator.Caches;

/// <summary>How much a cache keeps.</summary>
public enum CachePolicyKind : byte
{
    /// <summary>Nothing is cached: every lookup misses (every translation walks).</summary>
    None,

    /// <summary>At most a fixed number of entries; a full cache evicts one entry by the clock algorithm (never all of them).</summary>
    Bounded,

    /// <summary>Everything is kept until invalidated.</summary>
    Unbounded,
}
