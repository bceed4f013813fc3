using System;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Caches;

/// <summary>
/// A tagged translation cache (TLB) with a user-chosen <see cref="CachePolicy"/>: the architectural lookups (by VMID and
/// ASID, global entries matching every ASID of their VMID; IPA entries by VMID) and the architectural invalidation
/// filters (all, VMID, ASID, VA range with ASID / any ASID, IPA range, with optional level/granule hints), over a
/// <see cref="TlbIndex{TValue}"/> that stores and recycles the entries. Stale entries stay until invalidated or evicted
/// from a bounded cache, as on hardware.
/// </summary>
/// <remarks>
/// Lookups take no lock and allocate nothing; a lookup that starts after an invalidation has returned never returns an
/// entry it removed (see <see cref="TlbIndex{TValue}"/>). Unlike QEMU's IOTLB (hw/arm/smmu-common.c, 256 entries,
/// flushed entirely when full), a bounded cache evicts one entry by the clock algorithm.
/// </remarks>
public sealed class Tlb<TValue> : IFillableCache<TlbEntry<TValue>>
    where TValue : struct
{
    private readonly TlbIndex<TValue> _index;

    /// <summary>A TLB with the given policy.</summary>
    public Tlb(CachePolicy policy)
    {
        if (policy.Kind is not (CachePolicyKind.None or CachePolicyKind.Bounded or CachePolicyKind.Unbounded))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown cache policy.");
        }

        Policy = policy;
        _index = new TlbIndex<TValue>(policy);
    }

    /// <summary>The policy chosen at construction.</summary>
    public CachePolicy Policy { get; }

    /// <summary>Number of live entries.</summary>
    public int Count => _index.Count;

    /// <summary>
    /// Looks up a VA translation for (<paramref name="vmid"/>, <paramref name="asid"/>): an entry with that ASID or a
    /// global one of the VMID. Allocation-free.
    /// </summary>
    public bool TryLookupVa(int vmid, int asid, ulong va, out TlbEntry<TValue> entry) =>
        _index.TryLookup(TlbInputKind.VirtualAddress, vmid, asid, probeGlobal: true, va, out entry);

    /// <summary>Looks up a stage-2-only translation of <paramref name="ipa"/> for <paramref name="vmid"/>. Allocation-free.</summary>
    public bool TryLookupIpa(int vmid, ulong ipa, out TlbEntry<TValue> entry) =>
        _index.TryLookup(TlbInputKind.IntermediateAddress, vmid, -1, probeGlobal: false, ipa, out entry);

    /// <summary>Adds (or replaces) an entry. A bounded cache at capacity evicts one entry.</summary>
    public void Insert(in TlbEntry<TValue> entry)
    {
        if (Policy.Kind != CachePolicyKind.None)
        {
            _index.Insert(in entry);
        }
    }

    /// <summary>Removes every entry (SMMUv3 CMD_TLBI_NSNH_ALL / CMD_TLBI_EL2_ALL; VT-d global IOTLB invalidation).</summary>
    public int InvalidateAll() => RemoveWhere(static (in TlbEntry<TValue> _, in Filter _) => true, default);

    /// <summary>Removes every entry of <paramref name="vmid"/>, VA and IPA alike (CMD_TLBI_S12_VMALL; VT-d domain-selective, VMID = DID).</summary>
    public int InvalidateVmid(int vmid) =>
        RemoveWhere(static (in TlbEntry<TValue> e, in Filter f) => e.Vmid == f.Vmid, new Filter { Vmid = vmid });

    /// <summary>Removes the non-global VA entries of (<paramref name="vmid"/>, <paramref name="asid"/>) (CMD_TLBI_NH_ASID; VT-d PASID-selective, ASID = PASID).</summary>
    public int InvalidateAsid(int vmid, int asid) =>
        RemoveWhere(
            static (in TlbEntry<TValue> e, in Filter f) => e.Kind == TlbInputKind.VirtualAddress && e.Vmid == f.Vmid && !e.Global && e.Asid == f.Asid,
            new Filter { Vmid = vmid, Asid = asid });

    /// <summary>Removes every VA entry of <paramref name="vmid"/>, global or not (CMD_TLBI_NH_ALL; the first-stage part of a VT-d page-selective invalidation).</summary>
    public int InvalidateAllVa(int vmid) =>
        RemoveWhere(static (in TlbEntry<TValue> e, in Filter f) => e.Kind == TlbInputKind.VirtualAddress && e.Vmid == f.Vmid, new Filter { Vmid = vmid });

    /// <summary>
    /// Removes VA entries of <paramref name="vmid"/> overlapping <c>[va, va + size)</c> whose ASID is
    /// <paramref name="asid"/> or that are global; <paramref name="asid"/> null matches every ASID (CMD_TLBI_NH_VA /
    /// NH_VAA). <paramref name="leafOnly"/> only spares walk caches, which this TLB does not hold. A
    /// <paramref name="ttlLevel"/> (≥ 0) or <paramref name="granule"/> hint limits the removal to entries of that level
    /// or granule: a wrong hint leaves the entry, which the architecture permits and which exposes driver bugs.
    /// </summary>
    public int InvalidateVa(int vmid, int? asid, ulong va, ulong size, bool leafOnly = false, int ttlLevel = -1, TranslationGranule? granule = null)
    {
        _ = leafOnly;
        var filter = new Filter { Vmid = vmid, Asid = asid ?? 0, AnyAsid = asid is null, Start = va, Size = size, Level = ttlLevel, Granule = granule };
        return RemoveWhere(
            static (in TlbEntry<TValue> e, in Filter f) =>
                e.Kind == TlbInputKind.VirtualAddress && e.Vmid == f.Vmid && (f.AnyAsid || e.Global || e.Asid == f.Asid) && f.Matches(e),
            filter);
    }

    /// <summary>
    /// Removes stage-2-only (IPA) entries of <paramref name="vmid"/> overlapping <c>[ipa, ipa + size)</c>, with the same
    /// hints as <see cref="InvalidateVa"/> (CMD_TLBI_S2_IPA). Combined VA entries are not touched (see <see cref="TlbInputKind"/>).
    /// </summary>
    public int InvalidateIpa(int vmid, ulong ipa, ulong size, bool leafOnly = false, int ttlLevel = -1, TranslationGranule? granule = null)
    {
        _ = leafOnly;
        var filter = new Filter { Vmid = vmid, Start = ipa, Size = size, Level = ttlLevel, Granule = granule };
        return RemoveWhere(
            static (in TlbEntry<TValue> e, in Filter f) => e.Kind == TlbInputKind.IntermediateAddress && e.Vmid == f.Vmid && f.Matches(e),
            filter);
    }

    private int RemoveWhere(TlbEntryPredicate<TValue, Filter> predicate, in Filter filter) =>
        Policy.Kind == CachePolicyKind.None ? 0 : _index.RemoveWhere(predicate, in filter);

    /// <summary>What an invalidation names: VMID, ASID (or any), input range and the level/granule hints.</summary>
    private struct Filter
    {
        public int Vmid;
        public int Asid;
        public bool AnyAsid;
        public ulong Start;
        public ulong Size;
        public int Level;
        public TranslationGranule? Granule;

        public readonly bool Matches(in TlbEntry<TValue> e) =>
            e.Overlaps(Start, Size) && (Level < 0 || e.Level == Level) && (Granule is null || e.Granule == Granule.Value);
    }
}
