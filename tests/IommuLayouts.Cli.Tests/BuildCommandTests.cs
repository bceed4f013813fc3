using System;
using System.Linq;
using Xunit;

namespace IommuLayouts.Cli.Tests;

/// <summary>encode and diff over the test formats; expected words are worked out by hand from Formats/.</summary>
public sealed class BuildCommandTests
{
    [Fact]
    public void Encode_builds_the_words_from_names_numbers_and_flags()
    {
        var result = CliRunner.Run("encode", "test.ctl64", "Enable=true", "mode=readwrite", "Log2Depth=5", "TablePtr=0x1234_0000");

        // Enable bit 0, Mode 3 at bits 1..3, Log2Depth 5 at 8..11, the address as is at 12..47, RES1 bit 63 set.
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0x8000000012340507", result.Out.Trim());
        Assert.Equal(string.Empty, result.Err);
    }

    [Fact]
    public void Encode_sets_RES1_bits_of_an_empty_entry()
    {
        Assert.Equal("0x8000000000000000", CliRunner.Run("encode", "test.ctl64").Out.Trim());
    }

    [Fact]
    public void Encode_splits_a_word_crossing_field_across_both_words()
    {
        var result = CliRunner.Run("encode", "test.cmd128", "Opcode=0x10", "Cookie=48879", "StreamId=0x12_3456", "--json");

        // Cookie 0xBEEF at bits 56..71: 0xEF in word 0 bits 56..63, 0xBE in word 1 bits 0..7.
        var json = result.Json();
        Assert.Equal(["0xef12345600000010", "0x00000000000000be"], json.GetProperty("words").EnumerateArray().Select(w => w.GetString()));
        Assert.True(json.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public void Encode_json_reports_the_rules_the_entry_breaks()
    {
        var json = CliRunner.Run("encode", "test.cmd128", "Payload=1", "--json").Json();

        // Payload 1 at bit 72 = word 1 bit 8.
        Assert.Equal("0x0000000000000100", json.GetProperty("words")[1].GetString());
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal("CMD.NOP", json.GetProperty("violations")[0].GetProperty("rule").GetString());
    }

    [Fact]
    public void Encode_warns_on_standard_error_when_the_entry_is_invalid()
    {
        var result = CliRunner.Run("encode", "test.ctl64", "Mode=7");

        // An undefined encoding given as a number is built (a test may need it) but never silently.
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0x800000000000000e", result.Out.Trim());
        Assert.Contains("ENUM", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_output_decodes_back_to_the_same_fields()
    {
        var words = CliRunner.Run("encode", "test.cmd128", "Opcode=3", "Payload=0xAB_CDEF").Out.Trim().Split(' ');
        var fields = CliRunner.Run(["decode", "test.cmd128", .. words, "--json"]).Json().GetProperty("fields");

        Assert.Equal(3, fields.GetProperty("Opcode").GetInt32());
        Assert.Equal(0xABCDEF, fields.GetProperty("Payload").GetInt32());
    }

    [Fact]
    public void Diff_lists_changed_fields_old_and_new()
    {
        var result = CliRunner.Run("diff", "test.ctl64", "0x8000000012340507", "--", "0x8000000012350506");

        Assert.Equal(0, result.ExitCode);
        var lines = InspectCommandTests.Lines(result.Out);
        Assert.Equal("test.ctl64: 2 fields differ; changed word: 0", lines[0]);
        Assert.Equal(["0", "Enable", "true", "false"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["47:12", "TablePtr", "0x12340000", "0x12350000"], lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Diff_json_names_changed_words_fields_and_unclaimed_bits()
    {
        // Word 1 changes Payload (bit 72 = word 1 bit 8); word 0 changes ignored-free RES0 bit 8 and StreamId bit 32.
        var result = CliRunner.Run("diff", "test.cmd128", "0x0", "0x0", "--", "0x1_0000_0100", "0x100", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        Assert.False(json.GetProperty("identical").GetBoolean());
        Assert.Equal([0, 1], json.GetProperty("changedWords").EnumerateArray().Select(e => e.GetInt32()));
        var fields = json.GetProperty("fields").EnumerateArray().ToArray();
        Assert.Equal(["StreamId", "Payload"], fields.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(0, fields[0].GetProperty("old").GetInt32());
        Assert.Equal(1, fields[0].GetProperty("new").GetInt32());
        var other = json.GetProperty("otherBits").EnumerateArray().Single();
        Assert.Equal(8, other.GetProperty("lo").GetInt32());
        Assert.Equal(8, other.GetProperty("hi").GetInt32());
        Assert.Equal("RES0", other.GetProperty("kind").GetString());
    }

    [Fact]
    public void Diff_reports_changed_ignored_bits_apart_from_fields()
    {
        var json = CliRunner.Run("diff", "test.ctl64", "--json", "0x8000000012340507", "--", "0x80FF000012340507").Json();

        Assert.Empty(json.GetProperty("fields").EnumerateArray());
        var other = json.GetProperty("otherBits").EnumerateArray().Single();
        Assert.Equal("48..55 ignored", $"{other.GetProperty("lo").GetInt32()}..{other.GetProperty("hi").GetInt32()} {other.GetProperty("kind").GetString()}");
    }

    [Fact]
    public void Diff_accepts_json_after_the_double_dash()
    {
        var result = CliRunner.Run("diff", "test.ctl64", "1", "--", "1", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Json().GetProperty("identical").GetBoolean());
    }

    [Fact]
    public void Diff_of_identical_entries_says_so()
    {
        var result = CliRunner.Run("diff", "test.cmd128", "0x5", "--", "0x5", "0");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("test.cmd128: the entries are identical", result.Out.Trim());
    }
}
