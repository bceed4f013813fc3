using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace IommuLayouts;

/// <summary>
/// Field values as people write and read them: the one set of rules shared by the CLI (<c>encode</c>, <c>decode</c>)
/// and scenario files. Flags are <c>true</c>/<c>false</c> (or 1/0), enums are member names (case-insensitive) or
/// numbers, numbers are decimal or hex with <c>0x</c> (<c>_</c> separators allowed), addresses are the address itself.
/// </summary>
public static class FieldText
{
    /// <summary>Decimal, or hex with a 0x prefix; '_' separators are allowed in both.</summary>
    public static bool TryParseNumber(string text, out ulong value)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && s.Length > 2;
        }

        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Converts a value as written by a person into the field's raw bits, or explains (naming the field) why it
    /// cannot: not a number, not an enum member, too wide, an address with bits outside the field or below its
    /// required alignment.
    /// </summary>
    public static bool TryParse(BitFieldInfo field, string text, out ulong raw, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(text);
        raw = 0;
        text = text.Trim();
        ulong value;
        switch (field.Kind)
        {
            case FieldKind.Flag:
                if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1")
                {
                    raw = 1;
                    error = null;
                    return true;
                }

                if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0")
                {
                    error = null;
                    return true;
                }

                error = $"{field.Name} is a flag; use true or false";
                return false;
            case FieldKind.Enum:
                if (field.TryGetEnumValue(text, out raw))
                {
                    error = null;
                    return true;
                }

                if (!TryParseNumber(text, out value))
                {
                    var names = new List<string>();
                    foreach (var m in field.EnumMembers)
                    {
                        names.Add(m.Name);
                    }

                    error = $"'{text}' is not a {field.ClrType.Name} encoding (one of {string.Join(", ", names)}, or a number)";
                    return false;
                }

                break;
            default:
                if (!TryParseNumber(text, out value))
                {
                    error = $"'{text}' is not a number (decimal, or hex with 0x)";
                    return false;
                }

                break;
        }

        if (!field.TryToRaw(value, out raw, out error))
        {
            return false;
        }

        // The field can hold finer addresses than the architecture allows: refuse what Validate() would call misaligned.
        if (field.Kind == FieldKind.Address && field.AlignBits > 0 && (value & ((1UL << field.AlignBits) - 1)) != 0)
        {
            raw = 0;
            error = string.Create(CultureInfo.InvariantCulture, $"{field.Name} must be aligned to {1UL << field.AlignBits} bytes");
            return false;
        }

        return true;
    }

    /// <summary>The value for people: <c>true</c>/<c>false</c>, enum names (or the number and "undefined"), hex addresses, numbers.</summary>
    public static string Format(BitFieldInfo field, ReadOnlySpan<ulong> words)
    {
        ArgumentNullException.ThrowIfNull(field);
        var value = field.ReadValue(words);
        switch (field.Kind)
        {
            case FieldKind.Flag:
                return value != 0 ? "true" : "false";
            case FieldKind.Enum:
                return field.TryGetEnumName(value, out var name)
                    ? name
                    : string.Create(CultureInfo.InvariantCulture, $"{Number(value)} (undefined)");
            case FieldKind.Address:
                return Hex(value);
            default:
                return Number(value);
        }
    }

    /// <summary>A number as people read register dumps: small values in decimal, others in hex with the decimal beside.</summary>
    public static string Number(ulong value) =>
        value < 10
            ? value.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{Hex(value)} ({value})");

    /// <summary>Lower-case hex with <c>0x</c>.</summary>
    public static string Hex(ulong value) => string.Create(CultureInfo.InvariantCulture, $"0x{value:x}");

    /// <summary>A 64-bit word as 16 hex digits, the form decode/encode print and accept.</summary>
    public static string Word(ulong value) => string.Create(CultureInfo.InvariantCulture, $"0x{value:x16}");
}
