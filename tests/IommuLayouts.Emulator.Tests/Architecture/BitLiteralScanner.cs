using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace IommuLayouts.Emulator.Tests.Architecture;

/// <summary>One architectural-looking literal the scanner found: the line (1-based), the rule and the code.</summary>
internal readonly record struct BitLiteralFinding(int Line, string Rule, string Code)
{
    public override string ToString() => $"{Line}: [{Rule}] {Code}";
}

/// <summary>
/// Finds hand-written bit masks and shifts in C# source: the architected bits belong to the generated layouts in
/// specs/, so emulator code should not hold them. Comments, string and character literals are blanked first, so a
/// literal in a doc comment or a message is not a finding.
/// </summary>
/// <remarks>
/// Rules, each on the code left after blanking:
/// <list type="bullet">
/// <item><c>extract</c>: <c>(x &gt;&gt; n) &amp; m</c> with literal n and m: a hand-decoded field.</item>
/// <item><c>const</c>: a constant initialised with a hex literal.</item>
/// <item><c>bit</c>: <c>1 &lt;&lt; n</c>, <c>1u &lt;&lt; n</c>, <c>1UL &lt;&lt; n</c> with a literal n: a single-bit constant.</item>
/// <item><c>mask</c>: a hex literal as an operand of <c>&amp;</c>, <c>|</c>, <c>&amp;=</c>, <c>|=</c> (also <c>&amp; ~0x…</c>).</item>
/// </list>
/// </remarks>
internal static class BitLiteralScanner
{
    private const string Hex = @"0[xX][0-9A-Fa-f_]+[uUlL]*";

    private static readonly (string Rule, Regex Pattern)[] s_rules =
    [
        ("extract", new Regex(@">>\s*\d+\s*\)\s*&\s*(" + Hex + @"|\d+)", RegexOptions.Compiled)),
        ("const", new Regex(@"\bconst\s+[\w.]+\s+\w+\s*=\s*" + Hex, RegexOptions.Compiled)),
        ("bit", new Regex(@"(?<![\w.])1[uUlL]*\s*<<\s*\d+", RegexOptions.Compiled)),
        ("mask", new Regex(@"(?<![&|])[&|]=?\s*~?\s*\(?\s*" + Hex, RegexOptions.Compiled)),
        ("mask", new Regex(Hex + @"\s*[&|](?![&|])", RegexOptions.Compiled)),
    ];

    /// <summary>Every finding in <paramref name="source"/>, at most one per line (the first rule that matches in the order of the remarks).</summary>
    public static IReadOnlyList<BitLiteralFinding> Scan(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var findings = new List<BitLiteralFinding>();
        var code = BlankCommentsAndStrings(source).Split('\n');
        var original = source.Split('\n');
        for (var i = 0; i < code.Length; i++)
        {
            foreach (var (rule, pattern) in s_rules)
            {
                if (pattern.IsMatch(code[i]))
                {
                    findings.Add(new BitLiteralFinding(i + 1, rule, original[i].Trim()));
                    break;
                }
            }
        }

        return findings;
    }

    /// <summary>
    /// The source with comments (<c>//</c>, <c>/* */</c>), string literals (regular, verbatim, interpolated, raw) and
    /// character literals replaced by spaces; newlines are kept so line numbers stay. Interpolation holes are blanked
    /// with their string: a literal there is formatting, not a mask.
    /// </summary>
    public static string BlankCommentsAndStrings(string source)
    {
        var sb = new StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '/' && Peek(source, i + 1) == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    sb.Append(' ');
                    i++;
                }
            }
            else if (c == '/' && Peek(source, i + 1) == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = Blank(sb, source, i, end < 0 ? source.Length : end + 2);
            }
            else if (c == '"' && Peek(source, i + 1) == '"' && Peek(source, i + 2) == '"')
            {
                var quotes = Count(source, i, '"');
                var end = source.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                i = Blank(sb, source, i, end < 0 ? source.Length : end + quotes);
            }
            else if (c == '"' || (c is '@' or '$' && IsStringStart(source, i)))
            {
                i = Blank(sb, source, i, EndOfString(source, i));
            }
            else if (c == '\'')
            {
                var end = i + 1;
                while (end < source.Length && source[end] != '\'' && source[end] != '\n')
                {
                    end += source[end] == '\\' ? 2 : 1;
                }

                i = Blank(sb, source, i, Math.Min(end + 1, source.Length));
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }

        return sb.ToString();
    }

    private static char Peek(string s, int i) => i < s.Length ? s[i] : '\0';

    private static int Count(string s, int i, char c)
    {
        var n = 0;
        while (i + n < s.Length && s[i + n] == c)
        {
            n++;
        }

        return n;
    }

    private static bool IsStringStart(string s, int i)
    {
        // @"..", $"..", $@"..", @$"..", and $$""" raw strings (handled by the raw rule once the prefix is skipped).
        var j = i;
        while (j < s.Length && s[j] is '@' or '$')
        {
            j++;
        }

        return j > i && Peek(s, j) == '"';
    }

    /// <summary>The index just after the string literal starting at <paramref name="start"/> (prefixes included).</summary>
    private static int EndOfString(string s, int start)
    {
        var verbatim = false;
        var i = start;
        while (s[i] is '@' or '$')
        {
            verbatim |= s[i] == '@';
            i++;
        }

        if (Peek(s, i + 1) == '"' && Peek(s, i + 2) == '"')
        {
            var quotes = Count(s, i, '"');
            var close = s.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
            return close < 0 ? s.Length : close + quotes;
        }

        i++; // opening quote
        while (i < s.Length)
        {
            if (verbatim && s[i] == '"' && Peek(s, i + 1) == '"')
            {
                i += 2;
            }
            else if (!verbatim && s[i] == '\\')
            {
                i += 2;
            }
            else if (s[i] == '"')
            {
                return i + 1;
            }
            else if (!verbatim && s[i] == '\n')
            {
                return i;
            }
            else
            {
                i++;
            }
        }

        return s.Length;
    }

    private static int Blank(StringBuilder sb, string s, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            sb.Append(s[k] == '\n' ? '\n' : ' ');
        }

        return to;
    }
}
