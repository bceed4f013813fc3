using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace IommuLayouts.Benchmarks;

/// <summary>
/// The baseline: the sample.wide512 layout written by hand the way a careful engineer would in C or C#
/// (constant shifts and masks over 64-bit words, the same range checks in setters as the generated code).
/// </summary>
public struct HandWrittenWide512
{
    public ulong W0, W1, W2, W3, W4, W5, W6, W7;

    public bool Valid
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get => (W0 & 1) != 0;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] set => W0 = (W0 & ~1UL) | (value ? 1UL : 0UL);
    }

    public byte Mode
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get => (byte)((W0 >> 1) & 7);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            if (value > 7)
            {
                Throw();
            }

            W0 = (W0 & ~0xEUL) | ((ulong)value << 1);
        }
    }

    public ulong ContextPtr
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get => W0 & 0x000F_FFFF_FFFF_FFC0UL;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            if ((value & ~0x000F_FFFF_FFFF_FFC0UL) != 0)
            {
                Throw();
            }

            W0 = (W0 & ~0x000F_FFFF_FFFF_FFC0UL) | value;
        }
    }

    /// <summary>Bits 180..195: word 2 bits 52..63 and word 3 bits 0..3.</summary>
    public ushort Cookie
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get => (ushort)((W2 >> 52) | (W3 << 12));
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            W2 = (W2 & ~0xFFF0_0000_0000_0000UL) | ((ulong)value << 52);
            W3 = (W3 & ~0xFUL) | ((ulong)value >> 12);
        }
    }

    public ulong TablePtr
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get => W3 & 0x000F_FFFF_FFFF_FFF0UL;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            if ((value & ~0x000F_FFFF_FFFF_FFF0UL) != 0)
            {
                Throw();
            }

            W3 = (W3 & ~0x000F_FFFF_FFFF_FFF0UL) | value;
        }
    }

    public static HandWrittenWide512 Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < 64)
        {
            Throw();
        }

        return new HandWrittenWide512
        {
            W0 = BinaryPrimitives.ReadUInt64LittleEndian(source),
            W1 = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            W2 = BinaryPrimitives.ReadUInt64LittleEndian(source[16..]),
            W3 = BinaryPrimitives.ReadUInt64LittleEndian(source[24..]),
            W4 = BinaryPrimitives.ReadUInt64LittleEndian(source[32..]),
            W5 = BinaryPrimitives.ReadUInt64LittleEndian(source[40..]),
            W6 = BinaryPrimitives.ReadUInt64LittleEndian(source[48..]),
            W7 = BinaryPrimitives.ReadUInt64LittleEndian(source[56..]),
        };
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw() => throw new ArgumentOutOfRangeException("value");
}
