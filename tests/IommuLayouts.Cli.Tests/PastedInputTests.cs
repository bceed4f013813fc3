using System;
using System.Linq;
using Xunit;

namespace IommuLayouts.Cli.Tests;

/// <summary>
/// Words as people paste them: several in one argument, separated by spaces, commas or newlines, with or
/// without 0x, and from standard input ('-'). The expected words are the pasted text read by hand.
/// </summary>
public sealed class PastedInputTests
{
    [Theory]
    [InlineData("0xEF12_3456_0000_0000 0xFFFF_FFFF_FFFF_FFBE")]
    [InlineData("ef12345600000000,ffffffffffffffbe")]
    [InlineData("  0xef12345600000000,\n0xffffffffffffffbe\n")]
    [InlineData("0xef12345600000000\r\n\tffffffffffffffbe")]
    public void Decode_reads_several_words_pasted_as_one_argument(string pasted)
    {
        var json = CliRunner.Run("decode", "test.cmd128", pasted, "--json").Json();

        Assert.Equal(["0xef12345600000000", "0xffffffffffffffbe"], json.GetProperty("words").EnumerateArray().Select(w => w.GetString()!.ToLowerInvariant()));
        // Cookie = word 0 bits 56..63 (0xEF) and word 1 bits 0..7 (0xBE), as Formats/Command128.cs places it.
        Assert.Equal(0xBEEF, json.GetProperty("fields").GetProperty("Cookie").GetInt32());
    }

    [Fact]
    public void Pasted_and_separate_words_mix()
    {
        var json = CliRunner.Run("decode", "test.cmd128", "0x1,", "0x2", "--json").Json();

        Assert.Equal(["0x0000000000000001", "0x0000000000000002"], json.GetProperty("words").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public void Decode_reads_the_words_from_standard_input()
    {
        var json = CliRunner.RunWithInput("0x8000_0000_1234_0507\n", "decode", "test.ctl64", "-", "--json").Json();

        // Mode = bits 1..3 of 0x...0507 = 3 = ReadWrite (Formats/TestMode.cs).
        Assert.Equal("ReadWrite", json.GetProperty("fields").GetProperty("Mode").GetString());
    }

    [Fact]
    public void Validate_reads_bytes_from_standard_input()
    {
        // Little-endian bytes of 0x8000_0000_1234_0507, a valid test.ctl64.
        var result = CliRunner.RunWithInput("07 05 34 12 00 00 00 80", "validate", "test.ctl64", "--bytes", "-");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Too_many_pasted_words_names_the_first_extra_one()
    {
        var result = CliRunner.Run("decode", "test.ctl64", "0x1 0x2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the first extra one is '0x2'", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_pasted_word_is_named_by_its_position()
    {
        var result = CliRunner.Run("validate", "test.cmd128", "0x1, 0xZZ");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Equal("iommu-layouts: error: word 1 '0xZZ' is not a hexadecimal 64-bit word (e.g. 0x0000_0000_0000_0001)", result.Err.TrimEnd());
    }

    [Theory]
    [InlineData(" , ", "", "no words given")]
    [InlineData("-", "", "standard input ('-') is empty")]
    [InlineData("-", " \n", "standard input ('-') is empty")]
    public void Empty_input_is_one_clear_error(string argument, string stdin, string expected)
    {
        var result = CliRunner.RunWithInput(stdin, "decode", "test.ctl64", argument);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
        Assert.Single(InspectCommandTests.Lines(result.Err));
    }

    [Fact]
    public void Dash_among_other_words_is_refused()
    {
        var result = CliRunner.RunWithInput("0x1", "decode", "test.cmd128", "0x1", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'-'", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_argument_still_completes_from_the_catalog()
    {
        // dotnet-suggest's directive: the completions at the cursor position of the quoted command line.
        var result = CliRunner.Run("[suggest:12]", "decode test.");

        Assert.Equal(0, result.ExitCode);
        var lines = InspectCommandTests.Lines(result.Out);
        Assert.Contains("test.ctl64", lines);
        Assert.Contains("test.cmd128", lines);
    }
}
