using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace IommuLayouts;

/// <summary>The layout-table row of one field: name, absolute bit range, kind, CLR type, documentation.</summary>
public sealed class BitFieldInfo
{
    private readonly EnumMemberInfo[] _enumMembers;

    public BitFieldInfo(
        string name,
        int lo,
        int hi,
        FieldKind kind,
        Type clrType,
        string? doc = null,
        string? spec = null,
        int addressShift = 0,
        int alignBits = 0,
        EnumMemberInfo[]? enumMembers = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(clrType);
        if (lo < 0 || hi < lo || hi - lo >= 64)
        {
            throw new ArgumentOutOfRangeException(nameof(hi), $"field {name}: {lo}..{hi} is not a range of 1 to 64 bits");
        }

        Name = name;
        Lo = lo;
        Hi = hi;
        Kind = kind;
        ClrType = clrType;
        Doc = doc;
        Spec = spec;
        AddressShift = addressShift;
        AlignBits = alignBits;
        _enumMembers = enumMembers ?? Array.Empty<EnumMemberInfo>();
    }

    public string Name { get; }

    /// <summary>Lowest absolute bit.</summary>
    public int Lo { get; }

    /// <summary>Highest absolute bit (inclusive).</summary>
    public int Hi { get; }

    public int Width => Hi - Lo + 1;

    public BitRange Range => new(Lo, Hi);

    public FieldKind Kind { get; }

    /// <summary>The property's type (an enum type for <see cref="FieldKind.Enum"/>).</summary>
    public Type ClrType { get; }

    public string? Doc { get; }

    public string? Spec { get; }

    /// <summary>For an address field, the address bit held by the field's lowest bit; otherwise 0.</summary>
    public int AddressShift { get; }

    /// <summary>For an address field, the required alignment (log2 bytes) checked by <c>Validate()</c>; 0 if none beyond the field's own.</summary>
    public int AlignBits { get; }

    /// <summary>Largest raw value the field can hold.</summary>
    public ulong MaxRaw => Width == 64 ? ulong.MaxValue : (1UL << Width) - 1;

    /// <summary>The index of the 64-bit word holding the field's lowest bit.</summary>
    public int Word => Lo / 64;

    /// <summary>
    /// The field's bits within its 64-bit word (<see cref="Word"/>), for code that tests several fields of one word at
    /// once; throws <see cref="InvalidOperationException"/> for a field that crosses a word boundary.
    /// </summary>
    public ulong WordMask => Lo / 64 == Hi / 64
        ? MaxRaw << (Lo % 64)
        : throw new InvalidOperationException($"Field {Name} [{Range}] crosses a 64-bit word boundary.");

    /// <summary>The enum's defined encodings, in declaration order (empty unless <see cref="FieldKind.Enum"/>).</summary>
    public IReadOnlyList<EnumMemberInfo> EnumMembers => _enumMembers;

    /// <summary>The raw bits of the field in an entry given as 64-bit words.</summary>
    public ulong ReadRaw(ReadOnlySpan<ulong> words) => BitWords.Extract(words, Lo, Width);

    /// <summary>Writes the raw bits of the field; throws when <paramref name="raw"/> does not fit.</summary>
    public void WriteRaw(Span<ulong> words, ulong raw)
    {
        if (raw > MaxRaw)
        {
            throw new ArgumentOutOfRangeException(nameof(raw), $"{Name} is {Width} bit(s) wide: 0x{raw:X} does not fit");
        }

        BitWords.Insert(words, Lo, Width, raw);
    }

    /// <summary>The value as a user sees it: the address for an address field, the raw bits otherwise.</summary>
    public ulong ReadValue(ReadOnlySpan<ulong> words)
    {
        var raw = ReadRaw(words);
        return Kind == FieldKind.Address ? raw << AddressShift : raw;
    }

    /// <summary>Converts a user value (an address for address fields) to raw field bits, or explains why it cannot.</summary>
    public bool TryToRaw(ulong value, out ulong raw, [NotNullWhen(false)] out string? error)
    {
        if (Kind == FieldKind.Address)
        {
            var lowMask = AddressShift == 0 ? 0 : (1UL << AddressShift) - 1;
            if ((value & lowMask) != 0)
            {
                raw = 0;
                error = $"{Name} holds address bits from {AddressShift} up: 0x{value:X} has bits below {AddressShift} set";
                return false;
            }

            value >>= AddressShift;
        }

        if (value > MaxRaw)
        {
            raw = 0;
            error = Kind == FieldKind.Address
                ? $"{Name} holds address bits {AddressShift}..{AddressShift + Width - 1}: the address is too large"
                : $"{Name} is {Width} bit(s) wide (max 0x{MaxRaw:X}): the value does not fit";
            return false;
        }

        raw = value;
        error = null;
        return true;
    }

    /// <summary>The enum member name for a raw value, if the enum defines it.</summary>
    public bool TryGetEnumName(ulong raw, out string name)
    {
        foreach (var m in _enumMembers)
        {
            if (m.Value == raw)
            {
                name = m.Name;
                return true;
            }
        }

        name = string.Empty;
        return false;
    }

    /// <summary>The raw value of an enum member, by name (case-insensitive).</summary>
    public bool TryGetEnumValue(string memberName, out ulong raw)
    {
        foreach (var m in _enumMembers)
        {
            if (string.Equals(m.Name, memberName, StringComparison.OrdinalIgnoreCase))
            {
                raw = m.Value;
                return true;
            }
        }

        raw = 0;
        return false;
    }

    public override string ToString() => $"{Name} [{Range}] {Kind}";
}
