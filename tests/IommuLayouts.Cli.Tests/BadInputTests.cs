using System;
using Xunit;

namespace IommuLayouts.Cli.Tests;

/// <summary>Bad usage and unreadable input: exit code 2 and exactly one line on standard error naming the problem.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("unknown format 'nope'", "decode", "nope", "0x1")]
    [InlineData("did you mean 'test.ctl64'", "describe", "ctl64")]
    [InlineData("did you mean 'test.cmd128'", "describe", "test.cmd12")]
    [InlineData("unknown format 'zzz' (run 'iommu-layouts formats' for the list)", "describe", "zzz")]
    [InlineData("word 0 '0xZZ' is not a hexadecimal", "decode", "test.ctl64", "0xZZ")]
    [InlineData("word 1 '0x12G4' is not a hexadecimal", "validate", "test.cmd128", "0", "0x12G4")]
    [InlineData("3 were given (the first extra one is '0x2')", "decode", "test.ctl64", "0x1", "0x2", "0x3")]
    [InlineData("2 were given (the first extra one is '0x2')", "decode", "test.ctl64", "0x1", "0x2")]
    [InlineData("3 were given (the first extra one is '0x3')", "diff", "test.cmd128", "0", "--", "0x1", "0x2", "0x3")]
    [InlineData("does not fit in 64 bits", "decode", "test.ctl64", "0x1_0000_0000_0000_0000")]
    [InlineData("has bits above bit 31", "decode", "test.reg32", "0x1_0000_0000")]
    [InlineData("test.ctl64 has no field 'Bogus'", "encode", "test.ctl64", "Bogus=1")]
    [InlineData("Log2Depth is 4 bit(s) wide", "encode", "test.ctl64", "Log2Depth=16")]
    [InlineData("Cookie=0x10000", "encode", "test.cmd128", "Cookie=0x10000")]
    [InlineData("TablePtr must be aligned to 65536 bytes", "encode", "test.ctl64", "TablePtr=0x1000")]
    [InlineData("TablePtr holds address bits from 12 up", "encode", "test.ctl64", "TablePtr=0x1234")]
    [InlineData("'Sideways' is not a TestMode encoding", "encode", "test.ctl64", "Mode=Sideways")]
    [InlineData("Enable is a flag", "encode", "test.ctl64", "Enable=yes")]
    [InlineData("'12ab' is not a number", "encode", "test.ctl64", "Log2Depth=12ab")]
    [InlineData("'Log2Depth' is not Field=Value", "encode", "test.ctl64", "Log2Depth")]
    [InlineData("Enable is given twice", "encode", "test.ctl64", "Enable=1", "enable=0")]
    [InlineData("either as words or with --bytes", "decode", "test.ctl64", "0x1", "--bytes", "01")]
    [InlineData("--bytes: 3 hex digits", "decode", "test.ctl64", "--bytes", "012")]
    [InlineData("--bytes: test.ctl64 is 8 bytes, 9 were given", "decode", "test.ctl64", "--bytes", "00 00 00 00 00 00 00 00 00")]
    [InlineData("diff needs two entries", "diff", "test.ctl64", "0x1")]
    [InlineData("0 after", "diff", "test.ctl64", "0x1", "--")]
    [InlineData("unknown command or argument 'frobnicate'", "frobnicate")]
    [InlineData("unknown option '--frob'", "decode", "test.ctl64", "--frob")]
    [InlineData("Required argument missing", "describe")]
    public void Bad_input_exits_2_with_one_line_naming_the_problem(string expected, params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        var lines = InspectCommandTests.Lines(result.Err);
        Assert.Single(lines);
        Assert.StartsWith("iommu-layouts: error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_mode_errors_are_still_one_line_on_standard_error()
    {
        var result = CliRunner.Run("decode", "test.ctl64", "0xZZ", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Single(InspectCommandTests.Lines(result.Err));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("decode", "--help")]
    [InlineData("diff", "-h")]
    public void Help_goes_to_standard_output_and_exits_0(params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Err);
    }

    [Fact]
    public void Root_help_lists_every_command()
    {
        var help = CliRunner.Run("--help").Out;

        foreach (var command in new[] { "formats", "describe", "decode", "validate", "encode", "diff" })
        {
            Assert.Contains("  " + command, help, StringComparison.Ordinal);
        }
    }
}
