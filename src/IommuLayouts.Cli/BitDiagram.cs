using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace IommuLayouts.Cli;

/// <summary>
/// The ASCII picture of a layout that <c>describe</c> prints: one row per 64-bit word, most significant
/// bit first as in the architecture tables, one character per bit grouped by byte. A field's bits show its
/// key letter; <c>.</c> is RES0, <c>-</c> ignored, <c>1</c> RES1.
/// </summary>
internal static class BitDiagram
{
    public const char Res0 = '.';
    public const char Ignored = '-';
    public const char Res1 = '1';

    // '1' (RES1) and look-alikes of the markers are left out so every key reads unambiguously.
    private const string Keys = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz023456789";

    /// <summary>The key character of the <paramref name="index"/>-th field in bit order; '*' once the keys run out.</summary>
    public static char KeyOf(int index) => index < Keys.Length ? Keys[index] : '*';

    public static IEnumerable<string> Render(LayoutInfo layout)
    {
        var map = new char[layout.SizeBits];
        System.Array.Fill(map, Res0);
        foreach (var r in layout.Ignored)
        {
            Paint(map, r.Lo, r.Hi, Ignored);
        }

        foreach (var r in layout.Res1)
        {
            Paint(map, r.Lo, r.Hi, Res1);
        }

        for (var i = 0; i < layout.Fields.Count; i++)
        {
            Paint(map, layout.Fields[i].Lo, layout.Fields[i].Hi, KeyOf(i));
        }

        for (var w = 0; w < layout.WordCount; w++)
        {
            var lowBit = 64 * w;
            var highBit = System.Math.Min(lowBit + 63, layout.SizeBits - 1);
            var labels = new StringBuilder();
            var bits = new StringBuilder();
            for (var bit = highBit; bit >= lowBit; bit--)
            {
                var inGroup = (bit - lowBit) % 8;
                if (bit == highBit || inGroup == 7)
                {
                    if (bit != highBit)
                    {
                        labels.Append(' ');
                        bits.Append(' ');
                    }

                    var label = bit.ToString(CultureInfo.InvariantCulture);
                    var groupWidth = inGroup + 1;
                    labels.Append(label.Length <= groupWidth ? label.PadRight(groupWidth) : label[..groupWidth]);
                }

                bits.Append(map[bit]);
            }

            yield return string.Create(CultureInfo.InvariantCulture, $"word {w,-3} {labels.ToString().TrimEnd()}");
            yield return "         " + bits;
        }
    }

    private static void Paint(char[] map, int lo, int hi, char c)
    {
        for (var bit = lo; bit <= hi && bit < map.Length; bit++)
        {
            map[bit] = c;
        }
    }
}
