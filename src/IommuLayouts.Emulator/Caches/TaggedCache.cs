using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace IommuLayouts.Emulator.Caches;

/// <summary>
/// A keyed cache with a user-chosen <see cref="CachePolicy"/> for configuration structures (an SMMUv3 STE/CD keyed
/// by StreamID/SubstreamID, a VT-d context or PASID entry keyed by source-id/PASID). Entries stay until invalidated
/// (by key, by a predicate such as a StreamID range, or all) or evicted from a bounded cache by the clock algorithm.
/// </summary>
/// <remarks>
/// Lookups take no lock and allocate nothing; writes serialise on a lock. An invalidated entry is marked dead before
/// the invalidation returns and lookups re-check the mark, so a lookup that starts after an invalidation completed
/// never returns what it removed.
/// </remarks>
public sealed class TaggedCache<TKey, TValue> : IFillableCache<KeyValuePair<TKey, TValue>>
    where TKey : struct, IEquatable<TKey>
{
    private readonly ConcurrentDictionary<TKey, Node> _map = new();
    private readonly Lock _lock = new();
    private readonly ClockRing<Node> _ring;
    private readonly Action<Node> _evict;

    /// <summary>A cache with the given policy.</summary>
    public TaggedCache(CachePolicy policy)
    {
        Policy = policy;
        _ring = new ClockRing<Node>(policy.Kind == CachePolicyKind.Bounded ? policy.Capacity : 16, growable: policy.Kind == CachePolicyKind.Unbounded);
        _evict = Remove;
    }

    /// <summary>The policy chosen at construction.</summary>
    public CachePolicy Policy { get; }

    /// <summary>Number of live entries.</summary>
    public int Count => _map.Count;

    /// <summary>Looks up <paramref name="key"/>. Allocation-free.</summary>
    public bool TryGet(in TKey key, out TValue value)
    {
        if (_map.TryGetValue(key, out var node) && !node.Dead)
        {
            if (!node.Referenced)
            {
                node.Referenced = true;
            }

            value = node.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Adds or replaces the entry for <paramref name="key"/> (a no-op with <see cref="CachePolicy.None"/>).</summary>
    public void Set(in TKey key, TValue value)
    {
        if (Policy.Kind == CachePolicyKind.None)
        {
            return;
        }

        lock (_lock)
        {
            if (_map.TryGetValue(key, out var old))
            {
                Remove(old);
            }

            var node = new Node(key, value);
            _ring.Add(node, _evict);
            _map[key] = node;
        }
    }

    /// <inheritdoc/>
    void IFillableCache<KeyValuePair<TKey, TValue>>.Insert(in KeyValuePair<TKey, TValue> entry) => Set(entry.Key, entry.Value);

    /// <summary>Removes the entry for <paramref name="key"/>; true if there was one.</summary>
    public bool Invalidate(in TKey key)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                Remove(node);
                return true;
            }

            return false;
        }
    }

    /// <summary>Removes every entry whose key satisfies <paramref name="predicate"/> (e.g. a StreamID range); returns how many.</summary>
    public int InvalidateWhere<TState>(Func<TKey, TState, bool> predicate, TState state)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return InvalidateWhere(static (k, _, s) => s.Predicate(k, s.State), (Predicate: predicate, State: state));
    }

    /// <summary>Removes every entry whose key and value satisfy <paramref name="predicate"/> (e.g. a cached domain id); returns how many.</summary>
    public int InvalidateWhere<TState>(Func<TKey, TValue, TState, bool> predicate, TState state)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var removed = 0;
        lock (_lock)
        {
            for (var i = 0; i < _ring.Used; i++)
            {
                if (_ring[i] is { } node && predicate(node.Key, node.Value, state))
                {
                    Remove(node);
                    removed++;
                }
            }
        }

        return removed;
    }

    /// <summary>Removes everything; returns how many entries there were.</summary>
    public int InvalidateAll() => InvalidateWhere(static (_, _) => true, 0);

    private void Remove(Node node)
    {
        node.Dead = true;
        ((ICollection<KeyValuePair<TKey, Node>>)_map).Remove(new KeyValuePair<TKey, Node>(node.Key, node));
        _ring.Release(node);
    }

    private sealed class Node(TKey key, TValue value) : IClockRingNode
    {
        public readonly TKey Key = key;
        public readonly TValue Value = value;
        public volatile bool Dead;
        private volatile bool _referenced;

        public int RingIndex { get; set; }

        public bool Referenced
        {
            get => _referenced;
            set => _referenced = value;
        }
    }
}
