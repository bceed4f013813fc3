namespace IommuLayouts.Emulator.Caches;

/// <summary>
/// The key of a configuration-cache entry: the requester (SMMUv3 StreamID, VT-d source-id) and, for a per-substream
/// entry, its SubstreamID / PASID. An entry without a substream is distinct from every entry with one, SSID 0 included.
/// </summary>
public readonly record struct ConfigCacheKey
{
    private const long None = -1;
    private readonly long _substream;

    /// <summary>The key of <paramref name="requester"/> without a substream.</summary>
    public ConfigCacheKey(uint requester)
    {
        Requester = requester;
        _substream = None;
    }

    /// <summary>The key of (<paramref name="requester"/>, <paramref name="substream"/>).</summary>
    public ConfigCacheKey(uint requester, uint substream)
    {
        Requester = requester;
        _substream = substream;
    }

    /// <summary>StreamID or source-id.</summary>
    public uint Requester { get; }

    /// <summary>True for a per-substream entry.</summary>
    public bool HasSubstream => _substream != None;

    /// <summary>SubstreamID or PASID (0 when <see cref="HasSubstream"/> is false).</summary>
    public uint Substream => HasSubstream ? (uint)_substream : 0;

    /// <inheritdoc/>
    public override string ToString() => HasSubstream ? $"{Requester}:{Substream}" : $"{Requester}:-";
}
