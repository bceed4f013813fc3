using System;
using System.Globalization;
using System.Text.Json;

namespace IommuLayouts.Cli;

/// <summary>How a field's value is shown: the same rules for the text tables and for JSON (docs/cli.md).</summary>
internal static class FieldValues
{
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
