using System;
using System.Collections.Generic;

namespace IommuLayouts.Emulator.Caches;

/// <summary>A cache node the <see cref="ClockRing{TNode}"/> can hold: its slot, and the bit a lookup sets.</summary>
internal interface IClockRingNode
{
    int RingIndex { get; set; }

    bool Referenced { get; set; }
}

/// <summary>
/// The clock (second-chance) ring the caches share: every cached node holds a slot; when a bounded ring is full the
/// hand skips nodes whose <see cref="IClockRingNode.Referenced"/> bit is set (clearing it) and evicts the first one
/// that is clear — one entry at a time, never the whole cache. An unbounded ring grows instead. Not thread-safe: the
/// owning cache calls it under its write lock.
/// </summary>
internal sealed class ClockRing<TNode>
    where TNode : class, IClockRingNode
{
    private readonly Stack<int> _free = new();
    private readonly bool _growable;
    private TNode?[] _slots;
    private int _used;
    private int _hand;

    public ClockRing(int capacity, bool growable)
    {
        _slots = new TNode?[capacity];
        _growable = growable;
    }

    /// <summary>Slots in the ring now.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Slots 0 to Used - 1 have been handed out; scans stop there.</summary>
    public int Used => _used;

    /// <summary>The node in a slot, or null when the slot is free.</summary>
    public TNode? this[int index] => _slots[index];

    /// <summary>Gives <paramref name="node"/> a slot; when the ring is full and fixed, <paramref name="evict"/> must remove the victim (calling <see cref="Release"/>).</summary>
    public void Add(TNode node, Action<TNode> evict)
    {
        node.RingIndex = TakeSlot(evict);
        _slots[node.RingIndex] = node;
    }

    /// <summary>Puts <paramref name="node"/> in the slot of <paramref name="old"/>, which leaves the ring.</summary>
    public void Replace(TNode old, TNode node)
    {
        node.RingIndex = old.RingIndex;
        _slots[node.RingIndex] = node;
    }

    /// <summary>Frees the node's slot.</summary>
    public void Release(TNode node)
    {
        _slots[node.RingIndex] = null;
        _free.Push(node.RingIndex);
    }

    private int TakeSlot(Action<TNode> evict)
    {
        if (_free.Count > 0)
        {
            return _free.Pop();
        }

        if (_used < _slots.Length)
        {
            return _used++;
        }

        if (_growable)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
            return _used++;
        }

        while (true)
        {
            var victim = _slots[_hand]!;
            _hand = (_hand + 1) % _slots.Length;
            if (victim.Referenced)
            {
                victim.Referenced = false;
                continue;
            }

            // Evicting frees the victim's slot; it is the only free one, so it is the one popped.
            evict(victim);
            return _free.Pop();
        }
    }
}
