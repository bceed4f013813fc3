using System.Threading;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// The configuration cache and the TLB, both <see cref="Tlb{TValue}"/>s with the policies of
/// <see cref="Smmuv3Capabilities"/>.
/// </summary>
/// <remarks>
/// <para>Configuration cache: one entry per (StreamID, SubstreamID) holding the decoded STE and CD, keyed as a VA entry
/// of VMID 0 with "ASID" = SubstreamID (2^20 for a transaction without one) and "VA" = StreamID × 4 KB, so that
/// CFGI_STE(_RANGE) is a VA-range invalidation over every SubstreamID and CFGI_CD an exact one. CFGI_CD and CFGI_CD_ALL
/// also drop the cached STE of those entries (the architecture allows invalidating more than asked).</para>
/// <para>TLB: stage-1 and nested translations are VA entries tagged (VMID, ASID, nG); stage-2-only translations are IPA
/// entries tagged VMID. VMID is STE.S2VMID when stage 2 is implemented (it tags stage-1-only streams too), else 0.</para>
/// <para>Races: every invalidation bumps <see cref="_epoch"/> under <see cref="_insertLock"/>; a translation inserts what
/// it walked only if no invalidation started since it began, so a walk that read a descriptor before an invalidation
/// cannot leave its result behind it.</para>
/// </remarks>
public sealed partial class Smmuv3Device
{
    private const int NoSubstreamKey = 1 << 20;

    private readonly Tlb<ContextRef> _configCache;
    private readonly Tlb<TlbValue> _tlb;
    private readonly int _oas;
    private readonly Lock _insertLock = new();
    private long _epoch;

    /// <summary>Number of (StreamID, SubstreamID) configurations cached.</summary>
    public int CachedConfigurations => _configCache.Count;

    /// <summary>Number of translations cached.</summary>
    public int CachedTranslations => _tlb.Count;

    private void CacheContext(long epoch, uint streamId, int ssidKey, StreamContext context)
    {
        if (_configCache.Policy.Kind == CachePolicyKind.None)
        {
            return;
        }

        var entry = new TlbEntry<ContextRef>(
            TlbInputKind.VirtualAddress, 0, ssidKey, false, (ulong)streamId << 12, 12, 3, TranslationGranule.Size4K, new ContextRef(context));
        lock (_insertLock)
        {
            if (Volatile.Read(ref _epoch) == epoch)
            {
                _configCache.Insert(in entry);
            }
        }
    }

    private void CacheTranslation(long epoch, in TlbEntry<TlbValue> entry)
    {
        if (_tlb.Policy.Kind == CachePolicyKind.None)
        {
            return;
        }

        lock (_insertLock)
        {
            if (Volatile.Read(ref _epoch) == epoch)
            {
                _tlb.Insert(in entry);
            }
        }
    }

    /// <summary>Begins an invalidation: later inserts of walks that started before it are refused. Call under <see cref="_insertLock"/>.</summary>
    private void BumpEpoch() => Volatile.Write(ref _epoch, _epoch + 1);

    /// <summary>CFGI_STE / CFGI_STE_RANGE / CFGI_CD_ALL: every configuration of StreamIDs [first, first + count).</summary>
    private void InvalidateStreams(ulong first, ulong count)
    {
        lock (_insertLock)
        {
            BumpEpoch();
            _configCache.InvalidateVa(0, null, first << 12, count << 12);
        }
    }

    /// <summary>CFGI_CD: the configuration of (StreamID, SubstreamID); SubstreamID 0 also covers transactions without one (S1DSS = SSID0, or S1CDMax = 0).</summary>
    private void InvalidateContext(uint streamId, uint substreamId)
    {
        lock (_insertLock)
        {
            BumpEpoch();
            _configCache.InvalidateVa(0, (int)substreamId, (ulong)streamId << 12, 1UL << 12);
            if (substreamId == 0)
            {
                _configCache.InvalidateVa(0, NoSubstreamKey, (ulong)streamId << 12, 1UL << 12);
            }
        }
    }

    /// <summary>Empties both caches (reset, CFGI_ALL + TLBI_NSNH_ALL).</summary>
    private void InvalidateEverything()
    {
        lock (_insertLock)
        {
            BumpEpoch();
            _configCache.InvalidateAll();
            _tlb.InvalidateAll();
        }
    }
}
