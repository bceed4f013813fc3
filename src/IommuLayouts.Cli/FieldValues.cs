using System;
using System.Globalization;
using System.Text.Json;

namespace IommuLayouts.Cli;

/// <summary>How a field's value is shown: the same rules for the text tables and for JSON (docs/cli.md).</summary>
internal static class FieldValues
{
    /// <summary>
    /// Largest integer a JSON number can carry through an IEEE double without loss (2^53 - 1, JavaScript's
    /// Number.MAX_SAFE_INTEGER). Larger unsigned values are written as hex strings so that jq, browsers and
    /// every JS-based tool read them exactly.
    /// </summary>
    public const ulong MaxSafeJsonInteger = (1UL << 53) - 1;

    /// <summary>The value for people: <c>true</c>/<c>false</c>, enum names (or the number and "undefined"), hex addresses, numbers.</summary>
    public static string Text(BitFieldInfo field, ReadOnlySpan<ulong> words)
    {
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

    /// <summary>The value in JSON: a bool, an enum name (or the number when undefined), a hex string for addresses, a number otherwise (a hex string above 2^53 - 1).</summary>
    public static void WriteJson(Utf8JsonWriter writer, BitFieldInfo field, ReadOnlySpan<ulong> words)
    {
        var value = field.ReadValue(words);
        switch (field.Kind)
        {
            case FieldKind.Flag:
                writer.WriteBooleanValue(value != 0);
                break;
            case FieldKind.Enum when field.TryGetEnumName(value, out var name):
                writer.WriteStringValue(name);
                break;
            case FieldKind.Address:
                writer.WriteStringValue(Hex(value));
                break;
            default:
                if (value <= MaxSafeJsonInteger)
                {
                    writer.WriteNumberValue(value);
                }
                else
                {
                    writer.WriteStringValue(Hex(value));
                }

                break;
        }
    }

    /// <summary>A number as people read register dumps: small values in decimal, others in hex with the decimal beside.</summary>
    public static string Number(ulong value) =>
        value < 10
            ? value.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{Hex(value)} ({value})");

    public static string Hex(ulong value) => string.Create(CultureInfo.InvariantCulture, $"0x{value:x}");

    /// <summary>A 64-bit word as 16 hex digits, the form decode/encode print and accept.</summary>
    public static string Word(ulong value) => string.Create(CultureInfo.InvariantCulture, $"0x{value:x16}");

    /// <summary>The C# name of a field's type, as the spec author wrote it.</summary>
    public static string TypeName(BitFieldInfo field)
    {
        var t = field.ClrType;
        if (t == typeof(bool))
        {
            return "bool";
        }

        if (t == typeof(byte))
        {
            return "byte";
        }

        if (t == typeof(ushort))
        {
            return "ushort";
        }

        if (t == typeof(uint))
        {
            return "uint";
        }

        return t == typeof(ulong) ? "ulong" : t.Name;
    }

    /// <summary>The field kind as written in JSON and tables.</summary>
    public static string KindName(FieldKind kind) => kind switch
    {
        FieldKind.Flag => "flag",
        FieldKind.Unsigned => "unsigned",
        FieldKind.Enum => "enum",
        FieldKind.Address => "address",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>A bit range as the architecture tables write it: <c>hi:lo</c>, or a single bit.</summary>
    public static string Bits(int lo, int hi) =>
        lo == hi ? lo.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{hi}:{lo}");
}
