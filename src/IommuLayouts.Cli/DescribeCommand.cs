using System.CommandLine;
using System.Globalization;
using System.Text;

namespace IommuLayouts.Cli;

/// <summary><c>describe</c>: the bit map of one format, as a table and a diagram or as JSON.</summary>
internal static class DescribeCommand
{
    public static Command Create(CommandContext ctx)
    {
        var json = CommandContext.JsonOption();
        var format = ctx.FormatArgument();
        var command = new Command("describe", "Show the bit map of a format: fields, ignored and RES1 ranges, a diagram of the 64-bit words")
        {
            format,
            json,
        };
        command.SetAction(parse =>
        {
            var layout = ctx.FindLayout(parse.GetValue(format)!);
            if (parse.GetValue(json))
            {
                WriteJson(ctx, layout);
            }
            else
            {
                WriteText(ctx, layout);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteJson(CommandContext ctx, LayoutInfo layout) => ctx.WriteJson(w =>
    {
        w.WriteStartObject();
        w.WriteString("name", layout.Name);
        w.WriteNumber("sizeBits", layout.SizeBits);
        w.WriteString("summary", layout.Summary);
        w.WriteString("spec", layout.Spec);
        w.WriteStartArray("fields");
        foreach (var f in layout.Fields)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteNumber("lo", f.Lo);
            w.WriteNumber("hi", f.Hi);
            w.WriteString("kind", FieldValues.KindName(f.Kind));
            w.WriteString("type", FieldValues.TypeName(f));
            w.WriteString("doc", f.Doc);
            if (f.Spec is not null)
            {
                w.WriteString("spec", f.Spec);
            }

            if (f.Kind == FieldKind.Address)
            {
                w.WriteNumber("addressShift", f.AddressShift);
                w.WriteNumber("alignBits", f.AlignBits);
            }

            if (f.Kind == FieldKind.Enum)
            {
                w.WriteStartArray("values");
                foreach (var m in f.EnumMembers)
                {
                    w.WriteStartObject();
                    w.WriteString("name", m.Name);
                    w.WriteNumber("value", m.Value);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteRanges(w, "ignored", layout.Ignored);
        WriteRanges(w, "res1", layout.Res1);
        w.WriteEndObject();
    });

    private static void WriteRanges(System.Text.Json.Utf8JsonWriter w, string property, System.Collections.Generic.IReadOnlyList<BitRange> ranges)
    {
        w.WriteStartArray(property);
        foreach (var r in ranges)
        {
            w.WriteStartObject();
            w.WriteNumber("lo", r.Lo);
            w.WriteNumber("hi", r.Hi);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteText(CommandContext ctx, LayoutInfo layout)
    {
        var o = ctx.Out;
        var s = ctx.Style;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{s.Bold(layout.Name)}: {layout.SizeBits} bits ({layout.WordCount} 64-bit word{(layout.WordCount == 1 ? string.Empty : "s")})"));
        if (layout.Summary is not null)
        {
            o.WriteLine(layout.Summary);
        }

        if (layout.Spec is not null)
        {
            o.WriteLine("spec: " + layout.Spec);
        }

        o.WriteLine();
        var table = new TextTable("KEY", "BITS", "FIELD", "KIND", "TYPE", "DOC").StyleColumn(2, s.Cyan);
        for (var i = 0; i < layout.Fields.Count; i++)
        {
            var f = layout.Fields[i];
            table.Add(BitDiagram.KeyOf(i).ToString(), FieldValues.Bits(f.Lo, f.Hi), f.Name, FieldValues.KindName(f.Kind), FieldValues.TypeName(f), Doc(f));
        }

        table.WriteTo(o, s);
        o.WriteLine();
        o.WriteLine("ignored: " + Ranges(layout.Ignored));
        o.WriteLine("RES1:    " + Ranges(layout.Res1));
        o.WriteLine("RES0:    every other bit");

        var enums = false;
        foreach (var f in layout.Fields)
        {
            if (f.Kind != FieldKind.Enum)
            {
                continue;
            }

            if (!enums)
            {
                o.WriteLine();
                o.WriteLine("encodings (others are reported as ENUM violations):");
                enums = true;
            }

            var sb = new StringBuilder();
            foreach (var m in f.EnumMembers)
            {
                sb.Append(sb.Length == 0 ? string.Empty : ", ").Append(m.Name).Append(" = ").Append(m.Value.ToString(CultureInfo.InvariantCulture));
            }

            o.WriteLine($"  {f.Name}: {sb}");
        }

        o.WriteLine();
        foreach (var line in BitDiagram.Render(layout))
        {
            o.WriteLine(line);
        }

        o.WriteLine(s.Dim($"key: letters are the fields above; '{BitDiagram.Res0}' RES0, '{BitDiagram.Ignored}' ignored, '{BitDiagram.Res1}' RES1"));
    }

    private static string Doc(BitFieldInfo f)
    {
        var doc = f.Doc ?? string.Empty;
        if (f.Kind != FieldKind.Address)
        {
            return doc;
        }

        var note = string.Create(CultureInfo.InvariantCulture, $"holds addr[{f.AddressShift + f.Width - 1}:{f.AddressShift}]");
        if (f.AlignBits > f.AddressShift)
        {
            note += string.Create(CultureInfo.InvariantCulture, $", aligned to 2^{f.AlignBits} bytes");
        }

        return doc.Length == 0 ? note : $"{doc} ({note})";
    }

    private static string Ranges(System.Collections.Generic.IReadOnlyList<BitRange> ranges)
    {
        if (ranges.Count == 0)
        {
            return "none";
        }

        var sb = new StringBuilder();
        foreach (var r in ranges)
        {
            sb.Append(sb.Length == 0 ? string.Empty : ", ").Append(FieldValues.Bits(r.Lo, r.Hi));
        }

        return sb.ToString();
    }
}
