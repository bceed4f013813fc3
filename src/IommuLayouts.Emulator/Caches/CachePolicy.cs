using System;

namespace IommuLayouts.Emulator.Caches;

/// <summary>The user's choice of caching for a TLB or configuration cache.</summary>
public readonly struct CachePolicy : IEquatable<CachePolicy>
{
    private CachePolicy(CachePolicyKind kind, int capacity)
    {
        Kind = kind;
        Capacity = capacity;
    }

    /// <summary>No caching.</summary>
    public static CachePolicy None => new(CachePolicyKind.None, 0);

    /// <summary>Keep everything until invalidated.</summary>
    public static CachePolicy Unbounded => new(CachePolicyKind.Unbounded, 0);

    /// <summary>The kind of policy.</summary>
    public CachePolicyKind Kind { get; }

    /// <summary>Most entries kept by a <see cref="CachePolicyKind.Bounded"/> cache (0 otherwise).</summary>
    public int Capacity { get; }

    /// <summary>Keep at most <paramref name="capacity"/> entries, evicting by the clock (second-chance) algorithm.</summary>
    public static CachePolicy Bounded(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 26);
        return new CachePolicy(CachePolicyKind.Bounded, capacity);
    }

    /// <inheritdoc/>
    public bool Equals(CachePolicy other) => Kind == other.Kind && Capacity == other.Capacity;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CachePolicy other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Capacity);

    /// <summary>Equality.</summary>
    public static bool operator ==(CachePolicy left, CachePolicy right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(CachePolicy left, CachePolicy right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Kind == CachePolicyKind.Bounded ? $"Bounded({Capacity})" : Kind.ToString();
}
