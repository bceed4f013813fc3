using System;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace IommuLayouts.Cli.Tests;

/// <summary>
/// formats, describe, decode and validate over the test formats of Formats/. Every expected word, bit
/// position and value is worked out by hand from the attributes written there, not taken from the tool.
/// </summary>
public sealed class InspectCommandTests
{
    // test.ctl64: Enable = 1 (bit 0), Mode = ReadWrite = 3 (bits 1..3 -> 0x6), Log2Depth = 5 (bits 8..11 -> 0x500),
    // TablePtr = 0x1234_0000 (bits 12..47 hold addr[47:12], so the address lands as is), RES1 bit 63 set.
    private const string ValidControl = "0x8000_0000_1234_0507";

    // test.ctl64 with Mode = 7 (bits 1..3 -> 0xE, undefined), RES0 bit 5 set (0x20), RES1 bit 63 clear,
    // and TablePtr = 0x1000, which the field can hold but is not 64 KiB aligned.
    private const string BrokenControl = "0x102E";

    [Fact]
    public void Formats_json_lists_every_format_sorted_by_name()
    {
        var result = CliRunner.Run("formats", "--json");

        Assert.Equal(0, result.ExitCode);
        var formats = result.Json().EnumerateArray().ToArray();
        Assert.Equal(["test.cmd128", "test.ctl64", "test.reg32"], formats.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal([128, 64, 32], formats.Select(f => f.GetProperty("sizeBits").GetInt32()));
        Assert.Equal("64-bit control word", formats[1].GetProperty("summary").GetString());
        Assert.Equal("CLI test format", formats[1].GetProperty("spec").GetString());
    }

    [Fact]
    public void Formats_table_aligns_its_columns()
    {
        var lines = Lines(CliRunner.Run("formats").Out);

        Assert.Equal(4, lines.Length);
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        var bitsColumn = lines[0].IndexOf("BITS", StringComparison.Ordinal);
        Assert.Equal("128", lines[1].Substring(bitsColumn, 3));
        Assert.Equal("64 ", lines[2].Substring(bitsColumn, 3));
        Assert.Equal("32 ", lines[3].Substring(bitsColumn, 3));
    }

    [Fact]
    public void Describe_json_gives_each_field_its_absolute_bits_kind_and_type()
    {
        var json = CliRunner.Run("describe", "test.ctl64", "--json").Json();

        Assert.Equal("test.ctl64", json.GetProperty("name").GetString());
        Assert.Equal(64, json.GetProperty("sizeBits").GetInt32());
        var fields = json.GetProperty("fields").EnumerateArray().ToArray();
        Assert.Equal(
            ["Enable 0..0 flag bool", "Mode 1..3 enum TestMode", "Log2Depth 8..11 unsigned byte", "TablePtr 12..47 address ulong"],
            fields.Select(f => $"{f.GetProperty("name").GetString()} {f.GetProperty("lo").GetInt32()}..{f.GetProperty("hi").GetInt32()} {f.GetProperty("kind").GetString()} {f.GetProperty("type").GetString()}"));
        Assert.Equal("Table base", fields[3].GetProperty("doc").GetString());
        Assert.Equal(16, fields[3].GetProperty("alignBits").GetInt32());
        Assert.Equal(["Off", "Read", "Write", "ReadWrite", "Bypass"], fields[1].GetProperty("values").EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        Assert.Equal("48..55", Range(json.GetProperty("ignored").EnumerateArray().Single()));
        Assert.Equal("63..63", Range(json.GetProperty("res1").EnumerateArray().Single()));
    }

    [Fact]
    public void Describe_json_of_a_word_crossing_field_keeps_absolute_bit_numbers()
    {
        var fields = CliRunner.Run("describe", "test.cmd128", "--json").Json().GetProperty("fields").EnumerateArray().ToArray();

        var cookie = fields.Single(f => f.GetProperty("name").GetString() == "Cookie");
        Assert.Equal(56, cookie.GetProperty("lo").GetInt32());
        Assert.Equal(71, cookie.GetProperty("hi").GetInt32());
    }

    [Fact]
    public void Describe_draws_each_word_most_significant_bit_first()
    {
        var lines = Lines(CliRunner.Run("describe", "test.ctl64").Out);

        // Keys in bit order: A Enable, B Mode, C Log2Depth, D TablePtr. Bit 63 RES1, 62..56 RES0, 55..48 ignored,
        // 47..12 TablePtr, 11..8 Log2Depth, 7..4 RES0, 3..1 Mode, 0 Enable.
        var row = Array.IndexOf(lines, "         1....... -------- DDDDDDDD DDDDDDDD DDDDDDDD DDDDDDDD DDDDCCCC ....BBBA");
        Assert.True(row > 0, string.Join('\n', lines));
        Assert.Equal("word 0   63       55       47       39       31       23       15       7", lines[row - 1]);
        Assert.Contains(lines, l => l.StartsWith("D    47:12  TablePtr", StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_draws_the_second_word_with_absolute_bit_numbers()
    {
        var lines = Lines(CliRunner.Run("describe", "test.cmd128").Out);

        // Payload (D) is bits 72..127, Cookie (C) 56..71: word 1 is 56 D then the 8 high Cookie bits.
        var row = Array.IndexOf(lines, "         DDDDDDDD DDDDDDDD DDDDDDDD DDDDDDDD DDDDDDDD DDDDDDDD DDDDDDDD CCCCCCCC");
        Assert.True(row > 0, string.Join('\n', lines));
        Assert.Equal("word 1   127      119      111      103      95       87       79       71", lines[row - 1]);
    }

    [Fact]
    public void Describe_draws_only_the_bits_a_32_bit_register_has()
    {
        var lines = Lines(CliRunner.Run("describe", "test.reg32").Out);

        Assert.Contains("word 0   31       23       15       7", lines);
        Assert.Contains("         B....... ........ AAAAAAAA AAAAAAAA", lines);
    }

    [Fact]
    public void Decode_json_shows_enum_names_hex_addresses_numbers_and_flags()
    {
        var result = CliRunner.Run("decode", "test.ctl64", ValidControl, "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        Assert.Equal("test.ctl64", json.GetProperty("name").GetString());
        Assert.Equal(["0x8000000012340507"], json.GetProperty("words").EnumerateArray().Select(w => w.GetString()));
        var fields = json.GetProperty("fields");
        Assert.True(fields.GetProperty("Enable").GetBoolean());
        Assert.Equal("ReadWrite", fields.GetProperty("Mode").GetString());
        Assert.Equal(5, fields.GetProperty("Log2Depth").GetInt32());
        Assert.Equal("0x12340000", fields.GetProperty("TablePtr").GetString());
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Empty(json.GetProperty("violations").EnumerateArray());
    }

    [Fact]
    public void Decode_json_reports_every_violation_with_its_bits()
    {
        var result = CliRunner.Run("decode", "test.ctl64", BrokenControl, "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal(7, json.GetProperty("fields").GetProperty("Mode").GetInt32());
        var violations = json.GetProperty("violations").EnumerateArray()
            .Select(v => $"{v.GetProperty("rule").GetString()} {v.GetProperty("lo").GetInt32()}..{v.GetProperty("hi").GetInt32()}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(["ALIGN 12..47", "ENUM 1..3", "RES0 5..5", "RES1 63..63"], violations);
        Assert.All(json.GetProperty("violations").EnumerateArray(), v => Assert.False(string.IsNullOrEmpty(v.GetProperty("message").GetString())));
    }

    [Fact]
    public void Decode_json_joins_a_word_crossing_field_and_writes_large_values_as_hex()
    {
        // Cookie 0xBEEF: low byte 0xEF in word 0 bits 56..63, high byte 0xBE in word 1 bits 0..7.
        // StreamId 0x123456 at bits 32..55. Payload: all 56 bits of word 1 above bit 8 set, 2^56 - 1 > 2^53.
        var json = CliRunner.Run("decode", "test.cmd128", "0xEF12_3456_0000_0000", "0xFFFF_FFFF_FFFF_FFBE", "--json").Json();

        var fields = json.GetProperty("fields");
        Assert.Equal(0xBEEF, fields.GetProperty("Cookie").GetInt32());
        Assert.Equal(0x123456, fields.GetProperty("StreamId").GetInt32());
        Assert.Equal("0xffffffffffffff", fields.GetProperty("Payload").GetString());

        // Opcode 0 with a payload breaks the format's own rule, reported over the payload's bits.
        var violation = json.GetProperty("violations").EnumerateArray().Single();
        Assert.Equal("CMD.NOP", violation.GetProperty("rule").GetString());
        Assert.Equal(72, violation.GetProperty("lo").GetInt32());
        Assert.Equal(127, violation.GetProperty("hi").GetInt32());
    }

    [Fact]
    public void Json_option_before_the_words_does_not_swallow_a_word()
    {
        var json = CliRunner.Run("decode", "test.ctl64", "--json", "0x8000_0000_1234_0507").Json();

        Assert.Equal("ReadWrite", json.GetProperty("fields").GetProperty("Mode").GetString());
    }

    [Fact]
    public void Decode_fills_missing_trailing_words_with_zero()
    {
        var json = CliRunner.Run("decode", "test.cmd128", "0x42", "--json").Json();

        Assert.Equal(["0x0000000000000042", "0x0000000000000000"], json.GetProperty("words").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(0x42, json.GetProperty("fields").GetProperty("Opcode").GetInt32());
    }

    [Fact]
    public void Decode_bytes_reads_little_endian_as_in_a_memory_dump()
    {
        // The little-endian bytes of ValidControl, lowest address first.
        var json = CliRunner.Run("decode", "test.ctl64", "--bytes", "07 05 34 12 00 00 00 80", "--json").Json();

        Assert.Equal(["0x8000000012340507"], json.GetProperty("words").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal("ReadWrite", json.GetProperty("fields").GetProperty("Mode").GetString());
    }

    [Fact]
    public void Decode_bytes_fill_the_second_word_from_byte_8()
    {
        // Byte 8 is the lowest byte of word 1: Cookie's high byte (bits 64..71).
        var json = CliRunner.Run("decode", "test.cmd128", "--bytes", "0x00,0x00,0x00,0x00,0x00,0x00,0x00,0xEF,0xBE", "--json").Json();

        Assert.Equal(0xBEEF, json.GetProperty("fields").GetProperty("Cookie").GetInt32());
    }

    [Fact]
    public void Decode_table_lists_fields_with_architecture_style_bit_ranges()
    {
        var result = CliRunner.Run("decode", "test.ctl64", ValidControl);

        var lines = Lines(result.Out);
        Assert.Equal("test.ctl64: 0x8000000012340507", lines[0]);
        Assert.Equal(["BITS", "FIELD", "VALUE"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["3:1", "Mode", "ReadWrite"], lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["47:12", "TablePtr", "0x12340000"], lines[5].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var valueColumn = lines[1].IndexOf("VALUE", StringComparison.Ordinal);
        Assert.All(lines[2..6], l => Assert.NotEqual(' ', l[valueColumn]));
        Assert.Equal("valid", lines[6]);
    }

    [Fact]
    public void Output_has_no_escape_codes_unless_colour_is_asked_for()
    {
        var plain = CliRunner.Run(color: false, "decode", "test.ctl64", BrokenControl);
        var coloured = CliRunner.Run(color: true, "decode", "test.ctl64", BrokenControl);

        Assert.DoesNotContain('\u001b', plain.Out);
        Assert.Contains("\u001b[31m", coloured.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_exits_0_for_a_valid_entry()
    {
        var result = CliRunner.Run("validate", "test.ctl64", ValidControl);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("valid", result.Out.Trim());
    }

    [Fact]
    public void Validate_exits_1_and_lists_only_the_violations()
    {
        var result = CliRunner.Run("validate", "test.ctl64", BrokenControl);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("Log2Depth", result.Out, StringComparison.Ordinal);
        Assert.Contains("RES1 bit 63 is clear", result.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Err);
    }

    [Fact]
    public void Validate_json_has_the_decode_shape_without_fields()
    {
        var result = CliRunner.Run("validate", "test.cmd128", "0", "0x100", "--json");

        Assert.Equal(1, result.ExitCode);
        var json = result.Json();
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.False(json.TryGetProperty("fields", out _));
        Assert.Equal("CMD.NOP", json.GetProperty("violations")[0].GetProperty("rule").GetString());
    }

    private static string Range(JsonElement e) => $"{e.GetProperty("lo").GetInt32()}..{e.GetProperty("hi").GetInt32()}";

    internal static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
