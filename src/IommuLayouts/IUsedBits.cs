namespace IommuLayouts;

/// <summary>
/// Implemented by generated layouts that declare used bits (<see cref="LiveWhenAttribute"/>, <see cref="UsedWhenAttribute"/>,
/// <see cref="UpdateSafeAttribute"/>), so the update planner works on any of them.
/// </summary>
public interface IUsedBits<TSelf> : IBitLayout<TSelf>
    where TSelf : struct, IUsedBits<TSelf>
{
    /// <summary>True when the hardware reads the entry at all (its <see cref="LiveWhenAttribute"/> gate is set).</summary>
    bool IsLive { get; }

    /// <summary>The bits of 64-bit word <paramref name="word"/> the hardware reads for this entry's configuration.</summary>
    ulong UsedBits(int word);

    /// <summary>The bits of word <paramref name="word"/> that may change from <paramref name="current"/> to <paramref name="target"/> without sequencing.</summary>
    static abstract ulong UpdateSafeBits(in TSelf current, in TSelf target, int word);
}
