using Xunit;

namespace IommuLayouts.Emulator.Tests.Architecture;

/// <summary>The scanner behind <see cref="NoBitLiteralsTests"/>: what it finds, and what it must not.</summary>
public sealed class BitLiteralScannerTests
{
    [Theory]
    [InlineData("var log2 = (int)(cfg & 0x3F);", "mask")]
    [InlineData("x = value & ~0x3FFUL;", "mask")]
    [InlineData("_fsts |= 0x10;", "mask")]
    [InlineData("var both = 0xFF00u | low;", "mask")]
    [InlineData("private const uint GcmdTe = 1u << 31;", "bit")]
    [InlineData("if ((d & (1UL << 11)) != 0) { }", "bit")]
    [InlineData("var fmt = (cfg >> 16) & 3;", "extract")]
    [InlineData("var split = (int)((cfg >> 6) & 0x1F);", "extract")]
    [InlineData("private const ulong Base = 0xFEE0_0000UL;", "const")]
    public void Finds_a_planted_literal(string line, string rule)
    {
        var source = "class C\n{\n    void M()\n    {\n        " + line + "\n    }\n}\n";
        var finding = Assert.Single(BitLiteralScanner.Scan(source));
        Assert.Equal(5, finding.Line);
        Assert.Equal(rule, finding.Rule);
        Assert.Equal(line, finding.Code);
    }

    [Theory]
    [InlineData("// the mask is cfg & 0x3F, 1u << 31")]
    [InlineData("/// <summary>(cfg >> 16) & 3 is FMT.</summary>")]
    [InlineData("/* & 0xFF */ var a = 1;")]
    [InlineData("var s = \"mask & 0xFF, 1UL << 63\";")]
    [InlineData("var s = $\"{value & 0xFF:x}\";")]
    [InlineData("var s = @\"C:\\path & 0x1F\";")]
    [InlineData("var c = '&'; var d = 0x10;")]
    [InlineData("var size = 1UL << shift;")]
    [InlineData("var mask = (2u << log2) - 1;")]
    [InlineData("if ((address & 7) == 0 && ok || other) { }")]
    [InlineData("var h = page * 0x9E37_79B9_7F4A_7C15UL;")]
    [InlineData("if (offset >= 0x10000) { }")]
    public void Ignores_comments_strings_and_non_mask_arithmetic(string line)
    {
        var source = "class C\n{\n    void M()\n    {\n        " + line + "\n    }\n}\n";
        Assert.Empty(BitLiteralScanner.Scan(source));
    }

    [Fact]
    public void A_block_comment_over_several_lines_keeps_the_line_numbers()
    {
        const string source = "/*\n & 0xFF\n 1u << 3\n*/\nvar x = y & 0xF0;\n";
        var finding = Assert.Single(BitLiteralScanner.Scan(source));
        Assert.Equal(5, finding.Line);
    }

    [Fact]
    public void A_raw_string_is_ignored()
    {
        const string source = "var json = \"\"\"\n  { \"mask\": \"& 0xFF\" }\n  \"\"\";\nvar bad = z | 0x4;\n";
        var finding = Assert.Single(BitLiteralScanner.Scan(source));
        Assert.Equal(4, finding.Line);
    }
}
