using System;
using System.Numerics;

namespace IommuLayouts;

/// <summary>
/// Implemented by every generated layout, so generic code (decoders, fuzzers, property tests, the
/// emulator's table readers) works on any format through static abstract members.
/// </summary>
public interface IBitLayout<TSelf> : IEquatable<TSelf>, IEqualityOperators<TSelf, TSelf, bool>
    where TSelf : struct, IBitLayout<TSelf>
{
    /// <summary>Size of the entry in bits.</summary>
    static abstract int SizeBits { get; }

    /// <summary>Size of the entry in bytes.</summary>
    static abstract int SizeBytes { get; }

    /// <summary>Number of 64-bit words of storage.</summary>
    static abstract int WordCount { get; }

    /// <summary>The layout table.</summary>
    static abstract LayoutInfo Layout { get; }

    /// <summary>Reads an entry from its little-endian bytes (at least <see cref="SizeBytes"/> of them).</summary>
    static abstract TSelf Read(ReadOnlySpan<byte> source);

    /// <summary>Builds an entry from 64-bit words (word 0 first); missing words are zero, extra words are an error.</summary>
    static abstract TSelf FromWords(ReadOnlySpan<ulong> words);

    /// <summary>Writes the entry's little-endian bytes (<see cref="SizeBytes"/> of them).</summary>
    void WriteTo(Span<byte> destination);

    /// <summary>Copies the 64-bit words (word 0 first).</summary>
    void CopyWordsTo(Span<ulong> destination);

    /// <summary>Reads 64-bit word <paramref name="index"/>.</summary>
    ulong GetWord(int index);

    /// <summary>Replaces 64-bit word <paramref name="index"/>.</summary>
    void SetWord(int index, ulong value);

    /// <summary>Every violated rule of the entry; allocates nothing when it is valid.</summary>
    ValidationReport Validate();
}
