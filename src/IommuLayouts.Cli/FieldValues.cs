using System;
using System.Globalization;
using System.Text.Json;

namespace IommuLayouts.Cli;

/// <summary>How a field's value is shown: the same rules for the text tables and for JSON (docs/cli.md).</summary>
internal static class FieldValues
{
    /// <summary>The value for people (the runtime's <see cref="FieldText.Format"/>).</summary>
    public static string Text(BitFieldInfo field, ReadOnlySpan<ulong> words) => FieldText.Format(field, words);

    /// <summary>The value in JSON (the runtime's <see cref="LayoutJson.WriteFieldValue"/>).</summary>
    public static void WriteJson(Utf8JsonWriter writer, BitFieldInfo field, ReadOnlySpan<ulong> words) => LayoutJson.WriteFieldValue(writer, field, words);

    public static string Number(ulong value) => FieldText.Number(value);

    public static string Hex(ulong value) => FieldText.Hex(value);

    public static string Word(ulong value) => FieldText.Word(value);

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
