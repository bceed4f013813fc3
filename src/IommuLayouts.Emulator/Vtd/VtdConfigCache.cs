using System;
using System.Collections.Concurrent;
using System.Threading;
using IommuLayouts.Emulator.Caches;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// A configuration cache (context cache, PASID cache) keyed by a 64-bit tag, with the user's <see cref="CachePolicy"/>:
/// nothing, everything, or at most N entries, evicting one entry at a time when full (never the whole cache).
/// Lookups are lock-free and allocation-free; inserts and invalidations are serialised by the device.
/// </summary>
internal sealed class VtdConfigCache<TValue>
    where TValue : class
{
    private readonly ConcurrentDictionary<ulong, TValue> _entries = new();
    private int _count;

    public VtdConfigCache(CachePolicy policy) => Policy = policy;

    public CachePolicy Policy { get; }

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(ulong key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var found))
        {
            value = found;
            return true;
        }

        value = null!;
        return false;
    }

    /// <summary>Adds or replaces an entry (caller holds the device lock).</summary>
    public void Insert(ulong key, TValue value)
    {
        if (Policy.Kind == CachePolicyKind.None)
        {
            return;
        }

        if (_entries.ContainsKey(key))
        {
            _entries[key] = value;
            return;
        }

        if (Policy.Kind == CachePolicyKind.Bounded && _count >= Policy.Capacity)
        {
            foreach (var victim in _entries.Keys)
            {
                if (_entries.TryRemove(victim, out _))
                {
                    _count--;
                    break;
                }
            }
        }

        if (_entries.TryAdd(key, value))
        {
            _count++;
        }
    }

    /// <summary>Removes every entry <paramref name="predicate"/> selects (caller holds the device lock).</summary>
    public int RemoveWhere<TState>(Func<ulong, TValue, TState, bool> predicate, TState state)
    {
        var removed = 0;
        foreach (var pair in _entries)
        {
            if (predicate(pair.Key, pair.Value, state) && _entries.TryRemove(pair.Key, out _))
            {
                removed++;
            }
        }

        _count -= removed;
        return removed;
    }

    public void Clear()
    {
        _entries.Clear();
        _count = 0;
    }
}
