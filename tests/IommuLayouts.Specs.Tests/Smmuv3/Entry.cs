using System;
using System.Linq;
using IommuLayouts;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>Word-level helpers shared by the SMMUv3 format tests.</summary>
internal static class Entry
{
    /// <summary>The entry's 64-bit words.</summary>
    public static ulong[] Words<T>(T entry)
        where T : struct, IBitLayout<T>
    {
        var words = new ulong[T.WordCount];
        entry.CopyWordsTo(words);
        return words;
    }

    /// <summary>An entry from leading words; the remaining words are zero.</summary>
    public static T From<T>(params ulong[] leading)
        where T : struct, IBitLayout<T>
    {
        var words = new ulong[T.WordCount];
        leading.CopyTo(words, 0);
        return T.FromWords(words);
    }

    /// <summary>
    /// Asserts the entry holds exactly <paramref name="expected"/> (zero beyond), both as words and through the
    /// little-endian byte image the SMMU reads from memory.
    /// </summary>
    public static void AssertWords<T>(T entry, params ulong[] expected)
        where T : struct, IBitLayout<T>
    {
        var full = new ulong[T.WordCount];
        expected.CopyTo(full, 0);
        Assert.Equal(full, Words(entry));

        var bytes = new byte[T.SizeBytes];
        entry.WriteTo(bytes);
        var fromBytes = T.Read(bytes);
        Assert.Equal(entry, fromBytes);
        var expectedBytes = full.SelectMany(BitConverter.GetBytes).Take(T.SizeBytes).ToArray();
        Assert.Equal(expectedBytes, bytes);
    }

    /// <summary>Asserts the report holds exactly the given (rule, lo, hi) violations, in order.</summary>
    public static void AssertViolations(ValidationReport report, params (string Rule, int Lo, int Hi)[] expected)
    {
        var actual = report.AsSpan().ToArray().Select(v => (v.Rule, v.Lo, v.Hi)).ToArray();
        Assert.True(expected.SequenceEqual(actual), $"expected [{string.Join(", ", expected)}] but got:\n{report}");
    }
}
