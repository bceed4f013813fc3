using System;
using System.Collections.Generic;

namespace IommuLayouts;

/// <summary>
/// The machine-readable layout table of one format: name, size, every field, the ignored and RES1 ranges,
/// and the operations a tool needs without knowing the CLR type (validate, format).
/// Generated code builds one per <c>[BitLayout]</c> struct; docs, the CLI and tests share it.
/// </summary>
public sealed class LayoutInfo
{
    private readonly BitFieldInfo[] _fields;
    private readonly BitRange[] _ignored;
    private readonly BitRange[] _res1;
    private readonly ulong[] _res0Mask;

    public LayoutInfo(
        string name,
        int sizeBits,
        Type clrType,
        string? summary,
        string? spec,
        BitFieldInfo[] fields,
        BitRange[] ignored,
        BitRange[] res1,
        ILayoutOps ops)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(clrType);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(ignored);
        ArgumentNullException.ThrowIfNull(res1);
        ArgumentNullException.ThrowIfNull(ops);
        if (sizeBits < 8 || sizeBits > 1024 || sizeBits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sizeBits), $"{name}: a layout is 8 to 1024 bits, in multiples of 8");
        }

        Name = name;
        SizeBits = sizeBits;
        ClrType = clrType;
        Summary = summary;
        Spec = spec;
        _fields = fields;
        _ignored = ignored;
        _res1 = res1;
        Ops = ops;
        _res0Mask = ComputeRes0Mask(sizeBits, fields, ignored, res1);
    }

    /// <summary>Catalog name, e.g. <c>smmuv3.ste</c>.</summary>
    public string Name { get; }

    public int SizeBits { get; }

    public int SizeBytes => SizeBits / 8;

    /// <summary>Number of 64-bit words of storage (the last one may be partly used).</summary>
    public int WordCount => (SizeBits + 63) / 64;

    public Type ClrType { get; }

    public string? Summary { get; }

    public string? Spec { get; }

    /// <summary>Fields in ascending bit order.</summary>
    public IReadOnlyList<BitFieldInfo> Fields => _fields;

    /// <summary>Ranges hardware ignores (never reported).</summary>
    public IReadOnlyList<BitRange> Ignored => _ignored;

    /// <summary>Ranges that must read as one.</summary>
    public IReadOnlyList<BitRange> Res1 => _res1;

    /// <summary>Per word, the bits that are RES0 (claimed by nothing).</summary>
    public ReadOnlySpan<ulong> Res0Mask => _res0Mask;

    /// <summary>Validation and formatting without the CLR type.</summary>
    public ILayoutOps Ops { get; }

    /// <summary>A field by name (case-insensitive), or null.</summary>
    public BitFieldInfo? FindField(string name)
    {
        foreach (var f in _fields)
        {
            if (string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return f;
            }
        }

        return null;
    }

    public override string ToString() => $"{Name} ({SizeBits} bits, {_fields.Length} fields)";

    private static ulong[] ComputeRes0Mask(int sizeBits, BitFieldInfo[] fields, BitRange[] ignored, BitRange[] res1)
    {
        var words = new ulong[(sizeBits + 63) / 64];
        for (var bit = 0; bit < sizeBits; bit++)
        {
            words[bit >> 6] |= 1UL << (bit & 63);
        }

        foreach (var f in fields)
        {
            Clear(words, f.Lo, f.Hi);
        }

        foreach (var r in ignored)
        {
            Clear(words, r.Lo, r.Hi);
        }

        foreach (var r in res1)
        {
            Clear(words, r.Lo, r.Hi);
        }

        return words;

        static void Clear(ulong[] words, int lo, int hi)
        {
            for (var bit = lo; bit <= hi && bit >> 6 < words.Length; bit++)
            {
                words[bit >> 6] &= ~(1UL << (bit & 63));
            }
        }
    }
}
