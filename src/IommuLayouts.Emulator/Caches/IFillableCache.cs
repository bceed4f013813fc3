namespace IommuLayouts.Emulator.Caches;

/// <summary>A cache an <see cref="InvalidationEpoch"/> fills: its policy, and the insert it runs under the epoch's lock.</summary>
public interface IFillableCache<TEntry>
{
    /// <summary>The policy chosen at construction.</summary>
    CachePolicy Policy { get; }

    /// <summary>Adds or replaces the entry.</summary>
    void Insert(in TEntry entry);
}
