using System;

namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Reading and writing invalidation-queue descriptors in either width: 16 bytes when IQA.DW = 0, 32 bytes when
/// IQA.DW = 1 (QEMU <c>vtd_update_iq_dw</c>; Linux writes 256-bit descriptors when ECAP.SMTS is set).
/// </summary>
public static class InvalidationQueue
{
    /// <summary>Bytes per descriptor: 32 when <paramref name="wide"/> (IQA.DW = 1), 16 otherwise.</summary>
    public static int DescriptorSize(bool wide) => wide ? 32 : 16;

    /// <summary>
    /// Reads a descriptor from the start of <paramref name="source"/>: 32 bytes when <paramref name="wide"/>, else 16
    /// bytes with words 2..3 zero.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is shorter than one descriptor.</exception>
    public static T ReadDescriptor<T>(ReadOnlySpan<byte> source, bool wide)
        where T : struct, IBitLayout<T>
    {
        var size = DescriptorSize(wide);
        if (source.Length < size)
        {
            throw new ArgumentException($"a {(wide ? 256 : 128)}-bit descriptor needs {size} bytes, got {source.Length}", nameof(source));
        }

        if (T.SizeBytes < size)
        {
            throw new ArgumentException($"{T.Layout.Name} is {T.SizeBits} bits: it cannot hold a {size * 8}-bit descriptor", nameof(T));
        }

        Span<ulong> words = stackalloc ulong[4];
        for (var i = 0; i < size / 8; i++)
        {
            words[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(source.Slice(i * 8, 8));
        }

        return T.FromWords(words[..(size / 8)]);
    }

    /// <summary>
    /// Writes <paramref name="descriptor"/> as 32 bytes when <paramref name="wide"/>, else as its first 16 bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is too short, or a 128-bit write would drop nonzero words 2..3.</exception>
    public static void WriteDescriptor<T>(in T descriptor, Span<byte> destination, bool wide)
        where T : struct, IBitLayout<T>
    {
        var size = DescriptorSize(wide);
        if (destination.Length < size)
        {
            throw new ArgumentException($"a {(wide ? 256 : 128)}-bit descriptor needs {size} bytes, got {destination.Length}", nameof(destination));
        }

        Span<ulong> words = stackalloc ulong[T.WordCount];
        descriptor.CopyWordsTo(words);
        if (words.Length < size / 8)
        {
            throw new ArgumentException($"{T.Layout.Name} is {T.SizeBits} bits: it cannot fill a {size * 8}-bit descriptor", nameof(descriptor));
        }

        for (var i = size / 8; i < words.Length; i++)
        {
            if (words[i] != 0)
            {
                throw new ArgumentException($"word {i} of the descriptor is nonzero: it has no 128-bit form", nameof(descriptor));
            }
        }

        for (var i = 0; i < size / 8; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(i * 8, 8), words[i]);
        }
    }
}
