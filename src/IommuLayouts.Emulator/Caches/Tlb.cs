using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Caches;

/// <summary>
/// A tagged translation cache (TLB) with a user-chosen <see cref="CachePolicy"/>. Entries carry VMID, ASID, global
/// flag, input range, level and granule, and are removed only by the invalidations the architecture defines (all,
/// VMID, ASID, VA range with ASID / any ASID, IPA range, with optional level/granule hints) or by eviction from a
/// bounded cache. Stale entries stay until invalidated, as on hardware.
/// </summary>
/// <remarks>
/// <para>Concurrency: lookups take no lock and allocate nothing; inserts and invalidations serialise on a lock.
/// The index is an open-addressing table of immutable nodes, replaced wholesale on growth; an invalidated node is
/// marked dead (a volatile write, under the lock, before the invalidation returns) and every lookup re-checks the
/// mark after finding a node, so a lookup that starts after an invalidation has returned never returns an entry it
/// removed, whichever version of the index the reader holds.</para>
/// <para>Entries of different sizes coexist: a lookup probes each page size present (a bit mask of sizes, usually
/// one to three), first with the ASID, then for global entries. Unlike QEMU's IOTLB (hw/arm/smmu-common.c, 256
/// entries, flushed entirely when full), a bounded cache evicts one entry by the clock algorithm.</para>
/// </remarks>
public sealed class Tlb<TValue> : IFillableCache<TlbEntry<TValue>>
    where TValue : struct
{
    private const int GlobalAsid = int.MinValue;
    private const int MinimumSlots = 16;

    private readonly Lock _lock = new();
    private readonly Node _tombstone = new(default, 0, 0);
    private readonly ClockRing<Node> _ring;
    private readonly Action<Node> _evict;
    private readonly Stack<Node> _spareNodes = new();
    private Node?[] _slots;
    private Node?[]? _spareSlots;
    private int _count;
    private int _tombstones;
    private ulong _shiftMask;
    private int _globalCount;

    /// <summary>A TLB with the given policy.</summary>
    public Tlb(CachePolicy policy)
    {
        if (policy.Kind is not (CachePolicyKind.None or CachePolicyKind.Bounded or CachePolicyKind.Unbounded))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown cache policy.");
        }

        Policy = policy;
        var ringSize = policy.Kind == CachePolicyKind.Bounded ? policy.Capacity : MinimumSlots;
        _ring = new ClockRing<Node>(ringSize, growable: policy.Kind == CachePolicyKind.Unbounded);
        _evict = RemoveNode;
        _slots = new Node?[SlotsFor(ringSize)];
    }

    /// <summary>The policy chosen at construction.</summary>
    public CachePolicy Policy { get; }

    /// <summary>Number of live entries.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Looks up a VA translation for (<paramref name="vmid"/>, <paramref name="asid"/>): an entry with that ASID or a
    /// global one of the VMID. Allocation-free.
    /// </summary>
    public bool TryLookupVa(int vmid, int asid, ulong va, out TlbEntry<TValue> entry) =>
        TryLookup(TlbInputKind.VirtualAddress, vmid, asid, va, out entry);

    /// <summary>Looks up a stage-2-only translation of <paramref name="ipa"/> for <paramref name="vmid"/>. Allocation-free.</summary>
    public bool TryLookupIpa(int vmid, ulong ipa, out TlbEntry<TValue> entry) =>
        TryLookup(TlbInputKind.IntermediateAddress, vmid, -1, ipa, out entry);

    /// <summary>Adds (or replaces) an entry. A bounded cache at capacity evicts one entry.</summary>
    public void Insert(in TlbEntry<TValue> entry)
    {
        if (Policy.Kind == CachePolicyKind.None)
        {
            return;
        }

        lock (_lock)
        {
            var keyAsid = KeyAsid(entry);
            var existing = FindSlot(_slots, entry.Kind, entry.Vmid, keyAsid, entry.InputBase >> entry.PageShift, entry.PageShift);
            var node = TakeNode(entry, keyAsid);
            if (existing >= 0)
            {
                var old = _slots[existing]!;
                old.Dead = true;
                _ring.Replace(old, node);
                Volatile.Write(ref _slots[existing], node);
                AdjustGlobal(old, -1);
                AdjustGlobal(node, +1);
                _spareNodes.Push(old);
                return;
            }

            // Rehash before the node joins the ring: Rehash indexes every ring node, so doing it afterwards would
            // index the new node twice.
            if ((_count + _tombstones + 2) * 2 > _slots.Length)
            {
                Rehash(Math.Max(_count + 1, _ring.Capacity));
            }

            _ring.Add(node, _evict);
            PlaceInSlots(node);
            _count++;
            AdjustGlobal(node, +1);
            Volatile.Write(ref _shiftMask, _shiftMask | (1UL << entry.PageShift));
        }
    }

    /// <summary>Removes every entry (SMMUv3 CMD_TLBI_NSNH_ALL / CMD_TLBI_EL2_ALL).</summary>
    public int InvalidateAll() => RemoveWhere(static (in TlbEntry<TValue> _, in Filter _) => true, default);

    /// <summary>Removes every entry of <paramref name="vmid"/>, VA and IPA alike (CMD_TLBI_S12_VMALL).</summary>
    public int InvalidateVmid(int vmid) =>
        RemoveWhere(static (in TlbEntry<TValue> e, in Filter f) => e.Vmid == f.Vmid, new Filter { Vmid = vmid });

    /// <summary>Removes the non-global VA entries of (<paramref name="vmid"/>, <paramref name="asid"/>) (CMD_TLBI_NH_ASID).</summary>
    public int InvalidateAsid(int vmid, int asid) =>
        RemoveWhere(
            static (in TlbEntry<TValue> e, in Filter f) => e.Kind == TlbInputKind.VirtualAddress && e.Vmid == f.Vmid && !e.Global && e.Asid == f.Asid,
            new Filter { Vmid = vmid, Asid = asid });

    /// <summary>Removes every VA entry of <paramref name="vmid"/>, global or not (CMD_TLBI_NH_ALL).</summary>
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
        var filter = new Filter { Vmid = vmid, Asid = asid ?? GlobalAsid, AnyAsid = asid is null, Start = va, Size = size, Level = ttlLevel, Granule = granule };
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

    private bool TryLookup(TlbInputKind kind, int vmid, int asid, ulong input, out TlbEntry<TValue> entry)
    {
        var shifts = Volatile.Read(ref _shiftMask);
        if (shifts != 0)
        {
            var slots = Volatile.Read(ref _slots);
            var probeGlobal = kind == TlbInputKind.VirtualAddress && Volatile.Read(ref _globalCount) != 0;
            while (shifts != 0)
            {
                var shift = BitOperations.TrailingZeroCount(shifts);
                shifts &= shifts - 1;
                var page = input >> shift;
                var keyAsid = kind == TlbInputKind.VirtualAddress ? asid : -1;
                if (TryRead(slots, kind, vmid, keyAsid, page, shift, out entry)
                    || (probeGlobal && TryRead(slots, kind, vmid, GlobalAsid, page, shift, out entry)))
                {
                    return true;
                }
            }
        }

        entry = default;
        return false;
    }

    /// <summary>Finds the key's node and copies its entry; a node refilled meanwhile counts as a miss (always safe for a cache).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryRead(Node?[] slots, TlbInputKind kind, int vmid, int keyAsid, ulong page, int shift, out TlbEntry<TValue> entry)
    {
        var node = Find(slots, kind, vmid, keyAsid, page, shift);
        if (node is not null && node.TryRead(kind, vmid, keyAsid, page, shift, out entry))
        {
            if (!node.Referenced)
            {
                node.Referenced = true;
            }

            return true;
        }

        entry = default;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(TlbInputKind kind, int vmid, int asid, ulong page, int shift)
    {
        var h = (page * 0x9E37_79B9_7F4A_7C15UL) ^ ((ulong)(uint)vmid << 32) ^ (uint)asid ^ ((ulong)shift << 56) ^ ((ulong)kind << 62);
        h ^= h >> 29;
        h *= 0xBF58_476D_1CE4_E5B9UL;
        return (int)(h >> 32);
    }

    private Node? Find(Node?[] slots, TlbInputKind kind, int vmid, int keyAsid, ulong page, int shift)
    {
        var mask = slots.Length - 1;
        var i = Hash(kind, vmid, keyAsid, page, shift) & mask;
        while (true)
        {
            var n = Volatile.Read(ref slots[i]);
            if (n is null)
            {
                return null;
            }

            if (!ReferenceEquals(n, _tombstone) && n.Is(kind, vmid, keyAsid, page, shift) && !n.Dead)
            {
                return n;
            }

            i = (i + 1) & mask;
        }
    }

    private int FindSlot(Node?[] slots, TlbInputKind kind, int vmid, int keyAsid, ulong page, int shift)
    {
        var mask = slots.Length - 1;
        var i = Hash(kind, vmid, keyAsid, page, shift) & mask;
        while (true)
        {
            var n = slots[i];
            if (n is null)
            {
                return -1;
            }

            if (!ReferenceEquals(n, _tombstone) && n.Is(kind, vmid, keyAsid, page, shift) && !n.Dead)
            {
                return i;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>
    /// Puts a node in the live table at the first free or tombstone slot of its probe sequence. Reusing a tombstone
    /// keeps every other key's probe chain unbroken (the slot stays non-null), so lock-free readers are unaffected.
    /// </summary>
    private void PlaceInSlots(Node node)
    {
        var slots = _slots;
        var e = node.Entry;
        var mask = slots.Length - 1;
        var i = Hash(e.Kind, e.Vmid, node.KeyAsid, e.InputBase >> e.PageShift, e.PageShift) & mask;
        while (slots[i] is { } n && !ReferenceEquals(n, _tombstone))
        {
            i = (i + 1) & mask;
        }

        if (slots[i] is not null)
        {
            _tombstones--;
        }

        Volatile.Write(ref slots[i], node);
    }

    private static void PlaceInFreshSlots(Node?[] slots, Node node)
    {
        var e = node.Entry;
        var mask = slots.Length - 1;
        var i = Hash(e.Kind, e.Vmid, node.KeyAsid, e.InputBase >> e.PageShift, e.PageShift) & mask;
        while (slots[i] is not null)
        {
            i = (i + 1) & mask;
        }

        slots[i] = node;
    }

    /// <summary>A node for a new entry: a recycled one when there is one (no allocation once a bounded TLB is warm).</summary>
    private Node TakeNode(in TlbEntry<TValue> entry, int keyAsid)
    {
        if (_spareNodes.TryPop(out var node))
        {
            node.Refill(entry, keyAsid);
            return node;
        }

        return new Node(entry, keyAsid, 0);
    }


    private delegate bool Predicate(in TlbEntry<TValue> entry, in Filter filter);

    private int RemoveWhere(Predicate predicate, in Filter filter)
    {
        if (Policy.Kind == CachePolicyKind.None)
        {
            return 0;
        }

        var removed = 0;
        lock (_lock)
        {
            for (var i = 0; i < _ring.Used; i++)
            {
                var n = _ring[i];
                if (n is not null && predicate(in n.Entry, in filter))
                {
                    RemoveNode(n);
                    removed++;
                }
            }

            if (_count == 0)
            {
                Volatile.Write(ref _shiftMask, 0);
            }

            if (_tombstones > _slots.Length / 4)
            {
                Rehash(Math.Max(_count, 1));
            }
        }

        return removed;
    }

    private void RemoveNode(Node node)
    {
        // Dead first: from here on no lookup returns it, whichever index array it reads.
        node.Dead = true;
        var slot = FindSlotOf(node);
        if (slot >= 0)
        {
            Volatile.Write(ref _slots[slot], _tombstone);
            _tombstones++;
        }

        _ring.Release(node);
        _count--;
        AdjustGlobal(node, -1);
        _spareNodes.Push(node);
    }

    private int FindSlotOf(Node node)
    {
        var e = node.Entry;
        var mask = _slots.Length - 1;
        var i = Hash(e.Kind, e.Vmid, node.KeyAsid, e.InputBase >> e.PageShift, e.PageShift) & mask;
        while (_slots[i] is { } n)
        {
            if (ReferenceEquals(n, node))
            {
                return i;
            }

            i = (i + 1) & mask;
        }

        return -1;
    }

    private void Rehash(int entries)
    {
        // A bounded TLB keeps one table size; it rebuilds into the spare array and swaps, so steady-state churn
        // allocates nothing. A reader still probing the array that becomes the spare may miss (safe for a cache) but
        // never returns a wrong entry: every node is validated by key and version.
        var length = SlotsFor(Policy.Kind == CachePolicyKind.Bounded ? Policy.Capacity : entries);
        Node?[] slots;
        if (length == _slots.Length)
        {
            slots = _spareSlots ??= new Node?[length];
            Array.Clear(slots);
            _spareSlots = _slots;
        }
        else
        {
            slots = new Node?[length];
            _spareSlots = null;
        }

        var shifts = 0UL;
        for (var i = 0; i < _ring.Used; i++)
        {
            if (_ring[i] is { } n)
            {
                PlaceInFreshSlots(slots, n);
                shifts |= 1UL << n.Entry.PageShift;
            }
        }

        _tombstones = 0;
        Volatile.Write(ref _slots, slots);
        Volatile.Write(ref _shiftMask, shifts);
    }

    private void AdjustGlobal(Node node, int delta)
    {
        if (node.Entry.Global)
        {
            Volatile.Write(ref _globalCount, _globalCount + delta);
        }
    }

    private static int KeyAsid(in TlbEntry<TValue> entry) => entry.Global ? GlobalAsid : entry.Asid;

    private static int SlotsFor(int entries) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(MinimumSlots, entries * 4));

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

    /// <summary>
    /// An entry plus its liveness and clock bits. Nodes are recycled (no allocation per insert): a writer refills a
    /// removed node under the lock between two version increments (odd while in flux), and a reader accepts what it
    /// copied only if the version was even and unchanged around the copy — a seqlock, so no torn or reused entry is
    /// ever returned.
    /// </summary>
    private sealed class Node(TlbEntry<TValue> entry, int keyAsid, int ringIndex) : IClockRingNode
    {
        public TlbEntry<TValue> Entry = entry;
        public int KeyAsid = keyAsid;
        public ulong Page = PageOf(entry);
        public volatile bool Dead;
        private volatile bool _referenced;
        private int _version;

        public int RingIndex { get; set; } = ringIndex;

        public bool Referenced
        {
            get => _referenced;
            set => _referenced = value;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Is(TlbInputKind kind, int vmid, int keyAsid, ulong page, int shift) =>
            Page == page && Entry.PageShift == shift && Entry.Vmid == vmid && KeyAsid == keyAsid && Entry.Kind == kind;

        /// <summary>Copies the entry if the node still holds the key and was not being refilled meanwhile.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryRead(TlbInputKind kind, int vmid, int keyAsid, ulong page, int shift, out TlbEntry<TValue> entry)
        {
            var version = Volatile.Read(ref _version);
            entry = Entry;
            var matches = (version & 1) == 0 && Is(kind, vmid, keyAsid, page, shift) && !Dead;

            // The copy and the key check above must complete before the version is read again (free on x64).
            Volatile.ReadBarrier();
            return matches && Volatile.Read(ref _version) == version;
        }

        /// <summary>Reuses a removed node for a new entry (under the TLB's lock).</summary>
        public void Refill(in TlbEntry<TValue> entry, int keyAsid)
        {
            Volatile.Write(ref _version, _version + 1);
            Volatile.WriteBarrier();
            Entry = entry;
            KeyAsid = keyAsid;
            Page = PageOf(entry);
            Referenced = false;
            Dead = false;
            Volatile.Write(ref _version, _version + 1);
        }

        private static ulong PageOf(in TlbEntry<TValue> entry) => entry.PageShift == 0 ? 0 : entry.InputBase >> entry.PageShift;
    }
}
