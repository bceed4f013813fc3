using System;
using System.Collections.Generic;
using System.Globalization;

namespace IommuLayouts.Cli;

/// <summary>
/// Reads what people paste from a driver log or a memory dump: 64-bit words in hex (<c>0x</c> optional,
/// <c>_</c> separators allowed) and raw little-endian bytes. Every failure names the argument that caused it.
/// </summary>
internal static class HexInput
{
    /// <summary>Parses the words of one entry of <paramref name="layout"/>; missing trailing words are zero.</summary>
    public static ulong[] ParseWords(LayoutInfo layout, IReadOnlyList<string> arguments, string what = "word")
    {
        var texts = SplitWords(arguments);
        if (texts.Count == 0 && arguments.Count > 0)
        {
            throw new UsageException($"no {what}s given: the argument holds only separators");
        }

        if (texts.Count > layout.WordCount)
        {
            throw new UsageException(
                $"{layout.Name} is {layout.SizeBits} bits ({Plural(layout.WordCount, "64-bit word")}): {texts.Count} were given (the first extra one is '{texts[layout.WordCount]}')");
        }

        var words = new ulong[layout.WordCount];
        for (var i = 0; i < texts.Count; i++)
        {
            words[i] = ParseWord(texts[i], $"{what} {i}");
        }

        CheckSize(layout, words, i => $"{what} {i} '{texts[i]}'");
        return words;
    }

    /// <summary>The separators between words pasted as one argument or read from a file: white space and commas.</summary>
    public static readonly char[] WordSeparators = [' ', '\t', '\n', '\r', ','];

    /// <summary>
    /// Splits arguments that hold several words (as copied from a log: "0x1 0x2", "1,2", one word a line) into
    /// one word each; a word given as its own argument stays as it is.
    /// </summary>
    public static List<string> SplitWords(IReadOnlyList<string> arguments)
    {
        var words = new List<string>(arguments.Count);
        foreach (var argument in arguments)
        {
            words.AddRange(argument.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries));
        }

        return words;
    }

    /// <summary>Parses raw little-endian bytes (hex digits, optionally grouped by spaces, commas, colons or <c>_</c>, each group optionally <c>0x</c>-prefixed).</summary>
    public static ulong[] ParseBytes(LayoutInfo layout, string text)
    {
        var digits = new List<char>(text.Length);
        foreach (var group in text.Split([' ', '\t', '\n', '\r', ',', ':'], StringSplitOptions.RemoveEmptyEntries))
        {
            var g = group.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? group[2..] : group;
            foreach (var c in g)
            {
                if (c == '_')
                {
                    continue;
                }

                if (!Uri.IsHexDigit(c))
                {
                    throw new UsageException($"--bytes: '{group}' is not hexadecimal");
                }

                digits.Add(c);
            }
        }

        if (digits.Count == 0)
        {
            throw new UsageException("--bytes: no bytes given");
        }

        if (digits.Count % 2 != 0)
        {
            throw new UsageException($"--bytes: {digits.Count} hex digits is not a whole number of bytes");
        }

        var count = digits.Count / 2;
        if (count > layout.SizeBytes)
        {
            throw new UsageException($"--bytes: {layout.Name} is {layout.SizeBytes} bytes, {count} were given");
        }

        var words = new ulong[layout.WordCount];
        for (var i = 0; i < count; i++)
        {
            var b = (ulong)((HexValue(digits[2 * i]) << 4) | HexValue(digits[(2 * i) + 1]));
            words[i / 8] |= b << (8 * (i % 8));
        }

        return words;
    }

    /// <summary>Parses one 64-bit word; <paramref name="what"/> names it in the error message.</summary>
    public static ulong ParseWord(string text, string what)
    {
        if (text.StartsWith('-'))
        {
            throw new UsageException($"unknown option '{text}' (options go before '--'; see --help)");
        }

        var s = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        s = s.Replace("_", string.Empty, StringComparison.Ordinal);
        if (s.Length == 0 || !IsAllHex(s))
        {
            throw new UsageException($"{what} '{text}' is not a hexadecimal 64-bit word (e.g. 0x0000_0000_0000_0001)");
        }

        s = s.TrimStart('0');
        if (s.Length > 16)
        {
            throw new UsageException($"{what} '{text}' does not fit in 64 bits");
        }

        return s.Length == 0 ? 0 : ulong.Parse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    /// <summary>Rejects a last word with bits beyond the layout's size (e.g. bit 32 of a 32-bit register).</summary>
    private static void CheckSize(LayoutInfo layout, ulong[] words, Func<int, string> describe)
    {
        var usedInLast = layout.SizeBits - (64 * (layout.WordCount - 1));
        if (usedInLast == 64)
        {
            return;
        }

        var last = layout.WordCount - 1;
        if (words[last] >> usedInLast != 0)
        {
            throw new UsageException($"{describe(last)} has bits above bit {usedInLast - 1}, but {layout.Name} is only {layout.SizeBits} bits");
        }
    }

    private static bool IsAllHex(string s)
    {
        foreach (var c in s)
        {
            if (!Uri.IsHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int HexValue(char c) => Uri.FromHex(c);

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
