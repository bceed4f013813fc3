using System;

namespace IommuLayouts;

/// <summary>
/// Field extraction over an entry held as little-endian-ordered 64-bit words (word 0 holds bits 0..63).
/// Used by generic tools; generated accessors use constant shifts and masks instead.
/// </summary>
public static class BitWords
{
    /// <summary>Reads <paramref name="width"/> (1..64) bits starting at absolute bit <paramref name="lo"/>; missing words read as zero.</summary>
    public static ulong Extract(ReadOnlySpan<ulong> words, int lo, int width)
    {
        CheckRange(lo, width);
        var index = lo >> 6;
        var shift = lo & 63;
        var low = index < words.Length ? words[index] >> shift : 0;
        if (shift != 0 && shift + width > 64)
        {
            var high = index + 1 < words.Length ? words[index + 1] : 0;
            low |= high << (64 - shift);
        }

        return width == 64 ? low : low & ((1UL << width) - 1);
    }

    /// <summary>Writes <paramref name="width"/> bits of <paramref name="value"/> at absolute bit <paramref name="lo"/>, leaving every other bit as it was.</summary>
    public static void Insert(Span<ulong> words, int lo, int width, ulong value)
    {
        CheckRange(lo, width);
        var mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        value &= mask;
        var index = lo >> 6;
        var shift = lo & 63;
        var needed = shift + width > 64 ? index + 2 : index + 1;
        if (needed > words.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(lo), $"bits {lo}..{lo + width - 1} lie beyond {words.Length} word(s)");
        }

        words[index] = (words[index] & ~(mask << shift)) | (value << shift);
        if (shift != 0 && shift + width > 64)
        {
            var highBits = shift + width - 64;
            var highMask = (1UL << highBits) - 1;
            words[index + 1] = (words[index + 1] & ~highMask) | (value >> (64 - shift));
        }
    }

    private static void CheckRange(int lo, int width)
    {
        if (lo < 0 || width < 1 || width > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"bit {lo} width {width} is not a field of 1 to 64 bits");
        }
    }
}
