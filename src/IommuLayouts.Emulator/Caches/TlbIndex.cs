using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace IommuLayouts.Emulator.Caches;

/// <summary>Selects the entries an invalidation removes.</summary>
internal delegate bool TlbEntryPredicate<TValue, TFilter>(in TlbEntry<TValue> entry, in TFilter filter)
    where TValue : struct;

/// <summary>
/// The storage of a <see cref="Tlb{TValue}"/>: an open-addressing index keyed (input kind, VMID, key ASID, page, page
/// size) over recycled nodes, with the clock ring that bounds it. Global entries are indexed under one key ASID that
/// every VA lookup of the VMID also probes.
/// </summary>
/// <remarks>
/// <para>Concurrency: lookups take no lock and allocate nothing; inserts and removals serialise on a lock. The index is
/// replaced wholesale on growth; a removed node is marked dead (a volatile write, under the lock, before the removal
/// returns) and every lookup re-checks the mark after finding a node, so a lookup that starts after a removal has
/// returned never returns what it removed, whichever version of the index the reader holds.</para>
/// <para>Entries of different sizes coexist: a lookup probes each page size present (a bit mask of sizes, usually one
/// to three), first with the ASID, then for global entries.</para>
/// </remarks>
internal sealed class TlbIndex<TValue>
    where TValue : struct
{
    private const int GlobalAsid = int.MinValue;
    private const int MinimumSlots = 16;

    private readonly Lock _lock = new();
    private readonly Node _tombstone = new(default, 0);
    private readonly ClockRing<Node> _ring;
    private readonly Action<Node> _evict;
    private readonly Stack<Node> _spareNodes = new();
    private readonly int _fixedEntries;
    private Node?[] _slots;
    private Node?[]? _spareSlots;
    private int _count;
    private int _tombstones;
    private ulong _shiftMask;
    private int _globalCount;

    /// <summary>An index for <paramref name="policy"/> (Bounded: a fixed ring and table; otherwise growable).</summary>
    public TlbIndex(CachePolicy policy)
    {
        _fixedEntries = policy.Kind == CachePolicyKind.Bounded ? policy.Capacity : 0;
        var ringSize = _fixedEntries > 0 ? _fixedEntries : MinimumSlots;
        _ring = new ClockRing<Node>(ringSize, growable: policy.Kind == CachePolicyKind.Unbounded);
        _evict = RemoveNode;
        _slots = new Node?[SlotsFor(ringSize)];
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds or replaces the entry of the same key; a full bounded index evicts one entry.</summary>
    public void Insert(in TlbEntry<TValue> entry)
    {
        lock (_lock)
        {
            var keyAsid = entry.Global ? GlobalAsid : entry.Asid;
            var old = Find(_slots, entry.Kind, entry.Vmid, keyAsid, entry.InputBase >> entry.PageShift, entry.PageShift, out var existing);
            var node = TakeNode(entry, keyAsid);
            if (old is not null)
            {
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

    /// <summary>Finds the entry of (<paramref name="kind"/>, <paramref name="vmid"/>, <paramref name="asid"/>) covering <paramref name="input"/>, or a global one when <paramref name="probeGlobal"/>. Allocation-free.</summary>
    public bool TryLookup(TlbInputKind kind, int vmid, int asid, bool probeGlobal, ulong input, out TlbEntry<TValue> entry)
    {
        var shifts = Volatile.Read(ref _shiftMask);
        if (shifts != 0)
        {
            var slots = Volatile.Read(ref _slots);
            probeGlobal = probeGlobal && Volatile.Read(ref _globalCount) != 0;
            while (shifts != 0)
            {
                var shift = BitOperations.TrailingZeroCount(shifts);
                shifts &= shifts - 1;
                var page = input >> shift;
                if (TryRead(slots, kind, vmid, asid, page, shift, out entry)
                    || (probeGlobal && TryRead(slots, kind, vmid, GlobalAsid, page, shift, out entry)))
                {
                    return true;
                }
            }
        }

        entry = default;
        return false;
    }

    /// <summary>Removes every entry <paramref name="predicate"/> selects; returns how many.</summary>
    public int RemoveWhere<TFilter>(TlbEntryPredicate<TValue, TFilter> predicate, in TFilter filter)
    {
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

    /// <summary>Finds the key's node and copies its entry; a node refilled meanwhile counts as a miss (always safe for a cache).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryRead(Node?[] slots, TlbInputKind kind, int vmid, int keyAsid, ulong page, int shift, out TlbEntry<TValue> entry)
    {
        var node = Find(slots, kind, vmid, keyAsid, page, shift, out _);
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

    private static int Home(Node node, int mask) =>
        Hash(node.Entry.Kind, node.Entry.Vmid, node.KeyAsid, node.Page, node.Entry.PageShift) & mask;

    /// <summary>The live node of a key and its slot (lock-free readers ignore the slot), or null.</summary>
    private Node? Find(Node?[] slots, TlbInputKind kind, int vmid, int keyAsid, ulong page, int shift, out int slot)
    {
        var mask = slots.Length - 1;
        slot = Hash(kind, vmid, keyAsid, page, shift) & mask;
        while (true)
        {
            var n = Volatile.Read(ref slots[slot]);
            if (n is null)
            {
                return null;
            }

            if (!ReferenceEquals(n, _tombstone) && n.Is(kind, vmid, keyAsid, page, shift) && !n.Dead)
            {
                return n;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>
    /// Puts a node in the live table at the first free or tombstone slot of its probe sequence. Reusing a tombstone
    /// keeps every other key's probe chain unbroken (the slot stays non-null), so lock-free readers are unaffected.
    /// </summary>
    private void PlaceInSlots(Node node)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = Home(node, mask);
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

    /// <summary>A node for a new entry: a recycled one when there is one (no allocation once a bounded TLB is warm).</summary>
    private Node TakeNode(in TlbEntry<TValue> entry, int keyAsid)
    {
        if (_spareNodes.TryPop(out var node))
        {
            node.Refill(entry, keyAsid);
            return node;
        }

        return new Node(entry, keyAsid);
    }

    private void RemoveNode(Node node)
    {
        // Dead first: from here on no lookup returns it, whichever index array it reads.
        node.Dead = true;
        var mask = _slots.Length - 1;
        for (var i = Home(node, mask); _slots[i] is { } n; i = (i + 1) & mask)
        {
            if (ReferenceEquals(n, node))
            {
                Volatile.Write(ref _slots[i], _tombstone);
                _tombstones++;
                break;
            }
        }

        _ring.Release(node);
        _count--;
        AdjustGlobal(node, -1);
        _spareNodes.Push(node);
    }

    private void Rehash(int entries)
    {
        // A bounded TLB keeps one table size; it rebuilds into the spare array and swaps, so steady-state churn
        // allocates nothing. A reader still probing the array that becomes the spare may miss (safe for a cache) but
        // never returns a wrong entry: every node is validated by key and version.
        var length = SlotsFor(_fixedEntries > 0 ? _fixedEntries : entries);
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
        var mask = length - 1;
        for (var r = 0; r < _ring.Used; r++)
        {
            if (_ring[r] is { } n)
            {
                var i = Home(n, mask);
                while (slots[i] is not null)
                {
                    i = (i + 1) & mask;
                }

                slots[i] = n;
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

    private static int SlotsFor(int entries) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(MinimumSlots, entries * 4));

    /// <summary>
    /// An entry plus its liveness and clock bits. Nodes are recycled (no allocation per insert): a writer refills a
    /// removed node under the lock between two version increments (odd while in flux), and a reader accepts what it
    /// copied only if the version was even and unchanged around the copy — a seqlock, so no torn or reused entry is
    /// ever returned.
    /// </summary>
    private sealed class Node(TlbEntry<TValue> entry, int keyAsid) : IClockRingNode
    {
        public TlbEntry<TValue> Entry = entry;
        public int KeyAsid = keyAsid;
        public ulong Page = PageOf(entry);
        public volatile bool Dead;
        private volatile bool _referenced;
        private int _version;

        public int RingIndex { get; set; }

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

        /// <summary>Reuses a removed node for a new entry (under the index's lock).</summary>
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
