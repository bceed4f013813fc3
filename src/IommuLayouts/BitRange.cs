using System.Globalization;

namespace IommuLayouts;

/// <summary>An inclusive range of absolute LSB-0 bit numbers.</summary>
public readonly record struct BitRange(int Lo, int Hi)
{
    /// <summary>Number of bits in the range.</summary>
    public int Width => Hi - Lo + 1;

    /// <summary>True when <paramref name="bit"/> lies inside the range.</summary>
    public bool Contains(int bit) => bit >= Lo && bit <= Hi;

    public override string ToString() =>
        Lo == Hi ? Lo.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{Lo}..{Hi}");
}
