using System;
using System.Buffers.Binary;

namespace IommuLayouts.Fuzz;

/// <summary>Reads a fuzzer's bytes as a stream of numbers; past the end every read is zero (so every input is usable).</summary>
public ref struct FuzzInput
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public FuzzInput(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool AtEnd => _position >= _data.Length;

    public byte U8() => _position < _data.Length ? _data[_position++] : (byte)0;

    public ushort U16() => (ushort)(U8() | (U8() << 8));

    public uint U32() => U16() | ((uint)U16() << 16);

    public ulong U64() => U32() | ((ulong)U32() << 32);

    /// <summary>The next <paramref name="count"/> bytes (fewer at the end).</summary>
    public ReadOnlySpan<byte> Bytes(int count)
    {
        var n = Math.Min(count, Math.Max(_data.Length - _position, 0));
        var s = _data.Slice(_position, n);
        _position += n;
        return s;
    }

    public static ulong Word(ReadOnlySpan<byte> bytes, int index)
    {
        Span<byte> w = stackalloc byte[8];
        w.Clear();
        var start = index * 8;
        if (start < bytes.Length)
        {
            bytes.Slice(start, Math.Min(8, bytes.Length - start)).CopyTo(w);
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(w);
    }
}
