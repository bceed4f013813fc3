using System;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace IommuLayouts.Internal;

/// <summary>Cold paths called by generated code; kept out of line so accessors stay small enough to inline.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedCodeHelpers
{
    [DoesNotReturn]
    public static void ThrowValueTooWide(string layout, string field, int width, ulong value) =>
        throw new ArgumentOutOfRangeException(nameof(value), $"{layout}.{field} is {width} bit(s) wide: 0x{value:X} does not fit");

    [DoesNotReturn]
    public static void ThrowBadAddress(string layout, string field, int shift, int width, ulong value) =>
        throw new ArgumentOutOfRangeException(nameof(value),
            $"{layout}.{field} holds address bits {shift}..{shift + width - 1}: 0x{value:X} has bits outside them");

    [DoesNotReturn]
    public static void ThrowWordIndex(string layout, int index, int wordCount) =>
        throw new ArgumentOutOfRangeException(nameof(index), $"{layout} has {wordCount} word(s): index {index} is out of range");

    [DoesNotReturn]
    public static void ThrowTooShort(string layout, string parameter, int needed, int actual) =>
        throw new ArgumentException($"{layout} needs {needed} bytes, the span holds {actual}", parameter);

    [DoesNotReturn]
    public static void ThrowTooManyWords(string layout, int wordCount, int actual) =>
        throw new ArgumentException($"{layout} has {wordCount} word(s), {actual} were given", "words");

    /// <summary>Reads a little-endian 64-bit word at <paramref name="offset"/>; the caller has checked the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt64(ref byte start, int offset)
    {
        var value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    /// <summary>Writes a little-endian 64-bit word at <paramref name="offset"/>; the caller has checked the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt64(ref byte start, int offset, ulong value) =>
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, offset), BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));

    /// <summary>Reads the last, partial word of a layout whose size is not a multiple of 64 bits (1 to 7 bytes).</summary>
    public static ulong ReadPartial(ref byte start, int offset, int count)
    {
        ulong value = 0;
        for (var i = 0; i < count; i++)
        {
            value |= (ulong)Unsafe.Add(ref start, offset + i) << (8 * i);
        }

        return value;
    }

    /// <summary>Writes the last, partial word of a layout whose size is not a multiple of 64 bits (1 to 7 bytes).</summary>
    public static void WritePartial(ref byte start, int offset, int count, ulong value)
    {
        for (var i = 0; i < count; i++)
        {
            Unsafe.Add(ref start, offset + i) = (byte)(value >> (8 * i));
        }
    }

    /// <summary>Appends <c>0x</c> and the value in upper-case hex.</summary>
    public static StringBuilder AppendHex(StringBuilder builder, ulong value) =>
        builder.Append("0x").Append(value.ToString("X", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Appends an enum field as its member name and raw value, or the raw value marked undefined.</summary>
    public static StringBuilder AppendEnum(StringBuilder builder, ulong raw, string? name)
    {
        if (name is null)
        {
            return AppendHex(builder, raw).Append(" (undefined)");
        }

        builder.Append(name).Append(" (");
        return AppendHex(builder, raw).Append(')');
    }

    /// <summary>Appends the words as <c>[0x..., 0x...]</c>, 16 hex digits each.</summary>
    public static StringBuilder AppendWords(StringBuilder builder, ReadOnlySpan<ulong> words)
    {
        builder.Append('[');
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append("0x").Append(words[i].ToString("X16", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.Append(']');
    }
}
