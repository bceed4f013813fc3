using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Xml;

namespace IommuLayouts.Cli;

/// <summary>
/// A register diagram of a layout as SVG, in the style of the Arm ARM's register figures and WaveDrom's
/// <c>reg</c>: one row per 32 bits, most significant bit on the left, bit numbers above, a box per field with
/// its name (and, given an entry, its value), RES0 / RES1 / ignored runs shaded and labelled.
/// </summary>
/// <remarks>
/// Labels are sized from a per-character width bound for DejaVu Sans (the font the page asks for): a label that
/// does not fit across its box is turned upright, and one that fits neither way is shortened with an ellipsis
/// (the full text stays in the box's &lt;title&gt;). Each box is a &lt;g class="box"&gt; with data-kind, data-lo and
/// data-hi, so tests and scripts can find it.
/// </remarks>
internal static class SvgDiagram
{
    public const int BitsPerRow = 32;
    public const double CellWidth = 26;
    public const double BoxHeight = 104;
    public const double LabelFontSize = 11;
    public const double NumberFontSize = 9;
    private const double Margin = 12;
    private const double NumberBand = 14;
    private const double RowGap = 22;
    private const double Padding = 3;

    // An upper bound of DejaVu Sans advance widths, in em: capitals and digits are at most ~0.77 em wide.
    private const double CharWidthEm = 0.78;

    public static double Width => (2 * Margin) + (BitsPerRow * CellWidth) + 40;

    public static string Render(LayoutInfo layout, ulong[]? words)
    {
        var rows = (layout.SizeBits + BitsPerRow - 1) / BitsPerRow;
        var height = (2 * Margin) + 20 + (rows * (NumberBand + BoxHeight + RowGap));
        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true, NewLineChars = "\n" };
        using (var x = XmlWriter.Create(sb, settings))
        {
            x.WriteStartElement("svg", "http://www.w3.org/2000/svg");
            x.WriteAttributeString("width", N(Width));
            x.WriteAttributeString("height", N(height));
            x.WriteAttributeString("viewBox", $"0 0 {N(Width)} {N(height)}");
            x.WriteAttributeString("font-family", "DejaVu Sans, Verdana, sans-serif");
            x.WriteAttributeString("data-format", layout.Name);
            x.WriteElementString("title", words is null ? Title(layout, words) : $"{layout.Name}: {string.Join(' ', Array.ConvertAll(words, FieldText.Word))}");
            x.WriteStartElement("style");
            x.WriteString(".field{fill:#ffffff;stroke:#222;stroke-width:1}.res0{fill:#d9d9d9;stroke:#222}.res1{fill:#a6a6a6;stroke:#222}"
                + ".ignored{fill:#f0f0f0;stroke:#222;stroke-dasharray:3 2}.label{font-size:11px;fill:#000}.value{font-size:11px;fill:#0645ad}"
                + ".bitno{font-size:9px;fill:#555}.head{font-size:12px;font-weight:bold}");
            x.WriteEndElement();
            Text(x, "head", Margin, Margin + 12, Fit(Title(layout, words), Width - (2 * Margin), 12), null);
            for (var row = 0; row < rows; row++)
            {
                var rowLo = row * BitsPerRow;
                var rowHi = Math.Min(layout.SizeBits, rowLo + BitsPerRow) - 1;
                var top = Margin + 20 + (row * (NumberBand + BoxHeight + RowGap));
                var boxTop = top + NumberBand;
                x.WriteStartElement("g");
                x.WriteAttributeString("class", "row");
                x.WriteAttributeString("data-lo", I(rowLo));
                x.WriteAttributeString("data-hi", I(rowHi));
                for (var bit = rowLo; bit <= rowHi; bit++)
                {
                    Text(x, "bitno", CellX(bit) + (CellWidth / 2), top + 9, I(bit), "middle");
                }

                foreach (var run in Runs(layout, rowLo, rowHi))
                {
                    WriteBox(x, layout, run, boxTop, words);
                }

                if (row % 2 == 0)
                {
                    Text(x, "bitno", CellX(rowLo) + CellWidth + 4, boxTop + (BoxHeight / 2), $"w{row / 2}", "start");
                }

                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        return sb.ToString() + "\n";
    }

    /// <summary>The x of bit <paramref name="bit"/>'s cell: most significant bit of its row on the left.</summary>
    public static double CellX(int bit) => Margin + ((BitsPerRow - 1 - (bit % BitsPerRow)) * CellWidth);

    /// <summary>The widest a label of <paramref name="chars"/> characters can be at <paramref name="fontSize"/>.</summary>
    public static double TextBound(int chars, double fontSize) => chars * CharWidthEm * fontSize;

    private static void WriteBox(XmlWriter x, LayoutInfo layout, Run run, double top, ulong[]? words)
    {
        var left = CellX(run.Hi);
        var width = (run.Hi - run.Lo + 1) * CellWidth;
        var (cls, name) = run.Kind switch
        {
            "field" => ("field", run.Field!.Name),
            "res0" => ("res0", "RES0"),
            "res1" => ("res1", "RES1"),
            _ => ("ignored", "IGNORED"),
        };
        var value = words is not null && run.Field is not null ? ShortValue(run.Field, words) : null;
        x.WriteStartElement("g");
        x.WriteAttributeString("class", "box");
        x.WriteAttributeString("data-kind", run.Kind);
        x.WriteAttributeString("data-lo", I(run.Lo));
        x.WriteAttributeString("data-hi", I(run.Hi));
        if (run.Field is not null)
        {
            x.WriteAttributeString("data-field", run.Field.Name);
        }

        var bits = run.Field is not null ? FieldValues.Bits(run.Field.Lo, run.Field.Hi) : FieldValues.Bits(run.Lo, run.Hi);
        x.WriteElementString("title", $"{name} [{bits}]" + (value is null ? string.Empty : $" = {value}") + (run.Field?.Doc is { } doc ? $": {doc}" : string.Empty));
        x.WriteStartElement("rect");
        x.WriteAttributeString("class", cls);
        x.WriteAttributeString("x", N(left));
        x.WriteAttributeString("y", N(top));
        x.WriteAttributeString("width", N(width));
        x.WriteAttributeString("height", N(BoxHeight));
        x.WriteEndElement();

        var across = width - (2 * Padding);
        var upright = BoxHeight - (2 * Padding);
        var cx = left + (width / 2);
        var cy = top + (BoxHeight / 2);
        if (value is null)
        {
            if (TextBound(name.Length, LabelFontSize) <= across)
            {
                Text(x, "label", cx, cy + 4, name, "middle");
            }
            else
            {
                Upright(x, "label", cx + 4, cy, Fit(name, upright));
            }
        }
        else if (TextBound(Math.Max(name.Length, value.Length), LabelFontSize) <= across)
        {
            Text(x, "label", cx, cy - 4, name, "middle");
            Text(x, "value", cx, cy + 12, value, "middle");
        }
        else if (width >= 2 * (LabelFontSize + Padding))
        {
            // Two upright lines side by side: the name and the value.
            Upright(x, "label", cx - 2, cy, Fit(name, upright));
            Upright(x, "value", cx + 10, cy, Fit(value, upright));
        }
        else
        {
            Upright(x, "label", cx + 4, cy, Fit($"{name}={value}", upright));
        }

        x.WriteEndElement();
    }

    /// <summary>The value of a field as short as it can be said: an enum name, 0/1 for a flag, hex otherwise.</summary>
    private static string ShortValue(BitFieldInfo f, ulong[] words)
    {
        var raw = f.ReadRaw(words);
        return f.Kind switch
        {
            FieldKind.Flag => raw == 0 ? "0" : "1",
            FieldKind.Enum when f.TryGetEnumName(raw, out var n) => n,
            FieldKind.Address => FieldText.Hex(f.ReadValue(words)),
            _ => raw < 10 ? raw.ToString(CultureInfo.InvariantCulture) : FieldText.Hex(raw),
        };
    }

    private static string Fit(string text, double room, double fontSize = LabelFontSize)
    {
        if (TextBound(text.Length, fontSize) <= room)
        {
            return text;
        }

        var chars = Math.Max(1, (int)(room / (CharWidthEm * fontSize)) - 1);
        return text[..Math.Min(chars, text.Length)] + "\u2026";
    }

    private static void Text(XmlWriter x, string cls, double px, double py, string text, string? anchor)
    {
        x.WriteStartElement("text");
        x.WriteAttributeString("class", cls);
        x.WriteAttributeString("x", N(px));
        x.WriteAttributeString("y", N(py));
        if (anchor is not null)
        {
            x.WriteAttributeString("text-anchor", anchor);
        }

        x.WriteString(text);
        x.WriteEndElement();
    }

    private static void Upright(XmlWriter x, string cls, double px, double py, string text)
    {
        x.WriteStartElement("text");
        x.WriteAttributeString("class", cls);
        x.WriteAttributeString("x", N(px));
        x.WriteAttributeString("y", N(py));
        x.WriteAttributeString("text-anchor", "middle");
        x.WriteAttributeString("transform", $"rotate(-90 {N(px)} {N(py)})");
        x.WriteString(text);
        x.WriteEndElement();
    }

    private static string Title(LayoutInfo layout, ulong[]? words) =>
        words is null
            ? $"{layout.Name}: {layout.Summary ?? layout.Name} ({layout.SizeBits} bits)"
            : $"{layout.Name} decoded ({layout.SizeBits} bits)";

    /// <summary>The boxes of one row, most significant first: fields (split at the row's edges) and reserved runs.</summary>
    public static List<Run> Runs(LayoutInfo layout, int rowLo, int rowHi)
    {
        var owner = new Run?[rowHi - rowLo + 1];
        for (var bit = rowLo; bit <= rowHi; bit++)
        {
            owner[bit - rowLo] = Classify(layout, bit);
        }

        var runs = new List<Run>();
        var hi = rowHi;
        while (hi >= rowLo)
        {
            var kind = owner[hi - rowLo]!;
            var lo = hi;
            while (lo - 1 >= rowLo && owner[lo - 1 - rowLo]!.Same(kind))
            {
                lo--;
            }

            runs.Add(new Run(kind.Kind, lo, hi, kind.Field));
            hi = lo - 1;
        }

        return runs;
    }

    private static Run Classify(LayoutInfo layout, int bit)
    {
        foreach (var f in layout.Fields)
        {
            if (bit >= f.Lo && bit <= f.Hi)
            {
                return new Run("field", bit, bit, f);
            }
        }

        foreach (var r in layout.Res1)
        {
            if (bit >= r.Lo && bit <= r.Hi)
            {
                return new Run("res1", bit, bit, null);
            }
        }

        foreach (var r in layout.Ignored)
        {
            if (bit >= r.Lo && bit <= r.Hi)
            {
                return new Run("ignored", bit, bit, null);
            }
        }

        return new Run("res0", bit, bit, null);
    }

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>One box: a field's bits in a row, or a run of reserved bits of one kind.</summary>
    internal sealed record Run(string Kind, int Lo, int Hi, BitFieldInfo? Field)
    {
        public bool Same(Run other) => Kind == other.Kind && ReferenceEquals(Field, other.Field);
    }
}
