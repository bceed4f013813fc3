using System.Collections.Generic;
using IommuLayouts.Emulator.Caches;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// The configuration cache and the TLB, with the policies of <see cref="Smmuv3Capabilities"/>, and the
/// <see cref="InvalidationEpoch"/> that guards their fills.
/// </summary>
/// <remarks>
/// <para>Configuration cache: one <see cref="StreamContext"/> (decoded STE and CD) per (StreamID, SubstreamID or none).
/// CFGI_STE(_RANGE) removes every entry of its StreamIDs, CFGI_CD an exact one. CFGI_CD_ALL also drops the cached STE of
/// those entries (the architecture allows invalidating more than asked).</para>
/// <para>TLB: stage-1 and nested translations are VA entries tagged (VMID, ASID, nG); stage-2-only translations are IPA
/// entries tagged VMID. VMID is STE.S2VMID when stage 2 is implemented (it tags stage-1-only streams too), else 0.</para>
/// <para>Races: every invalidation of either cache runs inside <see cref="_epoch"/>; a translation inserts what it walked
/// only if no invalidation ran since it began.</para>
/// </remarks>
public sealed partial class Smmuv3Device
{
    private readonly TaggedCache<ConfigCacheKey, StreamContext> _configCache;
    private readonly Tlb<TlbValue> _tlb;
    private readonly int _oas;
    private readonly InvalidationEpoch _epoch = new();

    /// <summary>Number of (StreamID, SubstreamID) configurations cached.</summary>
    public int CachedConfigurations => _configCache.Count;

    /// <summary>Number of translations cached.</summary>
    public int CachedTranslations => _tlb.Count;

    private static ConfigCacheKey ConfigKey(in Smmuv3Request request) =>
        request.HasSubstreamId ? new ConfigCacheKey(request.StreamId, request.SubstreamId) : new ConfigCacheKey(request.StreamId);

    private void CacheContext(long epoch, in ConfigCacheKey key, StreamContext context) =>
        _epoch.Fill(epoch, _configCache, new KeyValuePair<ConfigCacheKey, StreamContext>(key, context));

    private bool CacheTranslation(long epoch, in TlbEntry<TlbValue> entry) => _epoch.Fill(epoch, _tlb, in entry);

    /// <summary>CFGI_STE / CFGI_STE_RANGE / CFGI_CD_ALL: every configuration of StreamIDs [first, first + count).</summary>
    private void InvalidateStreams(ulong first, ulong count)
    {
        using (_epoch.Invalidate())
        {
            _configCache.InvalidateRequesters(first, count);
        }
    }

    /// <summary>CFGI_CD: the configuration of (StreamID, SubstreamID); SubstreamID 0 also covers transactions without one (S1DSS = SSID0, or S1CDMax = 0).</summary>
    private void InvalidateContext(uint streamId, uint substreamId)
    {
        using (_epoch.Invalidate())
        {
            _configCache.Invalidate(new ConfigCacheKey(streamId, substreamId));
            if (substreamId == 0)
            {
                _configCache.Invalidate(new ConfigCacheKey(streamId));
            }
        }
    }

    /// <summary>Empties both caches (reset, CFGI_ALL + TLBI_NSNH_ALL).</summary>
    private void InvalidateEverything()
    {
        using (_epoch.Invalidate())
        {
            _configCache.InvalidateAll();
            _tlb.InvalidateAll();
        }
    }
}
