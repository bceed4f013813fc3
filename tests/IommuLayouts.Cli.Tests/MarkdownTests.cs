using System;
using System.IO;
using System.Linq;
using Xunit;

namespace IommuLayouts.Cli.Tests;

/// <summary>
/// export markdown, and the drift check: docs/formats/ must be exactly what the specs generate, so a change to a
/// spec that is not followed by regenerating the pages fails CI.
/// </summary>
public sealed class MarkdownTests
{
    private const string Regenerate = "dotnet run --project src/IommuLayouts.Cli -- export markdown --all -o docs/formats";

    [Fact]
    public void Checked_in_format_pages_are_what_the_specs_generate()
    {
        var repo = RepositoryRoot();
        var checkedIn = Path.Combine(repo, "docs", "formats");
        Assert.True(Directory.Exists(checkedIn), $"docs/formats is missing: run '{Regenerate}'");
        using var dir = ExternalTool.TempDirectory();
        var result = CliRunner.RunSpecs(string.Empty, "export", "markdown", "--all", "-o", dir.Path);
        Assert.True(result.ExitCode == 0, result.Err);

        var generated = Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var present = Directory.GetFiles(checkedIn).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.True(generated.SequenceEqual(present),
            $"docs/formats holds other files than the specs generate (missing: {string.Join(", ", generated.Except(present))}; extra: {string.Join(", ", present.Except(generated))}): run '{Regenerate}'");
        foreach (var name in generated)
        {
            var expected = File.ReadAllText(Path.Combine(dir.Path, name!));
            var actual = File.ReadAllText(Path.Combine(checkedIn, name!)).ReplaceLineEndings("\n");
            Assert.True(expected == actual, $"docs/formats/{name} differs from what the specs generate: run '{Regenerate}'");
        }
    }

    [Fact]
    public void Page_of_the_test_format_has_its_table_encodings_and_rules()
    {
        var page = CliRunner.Run("export", "markdown", "test.ctl64").Out;
        var lines = InspectCommandTests.Lines(page);

        // Worked out from Formats/Control64.cs: fields in bit order, RES0 4..7 and 56..62, RES1 63, ignored 48..55,
        // TablePtr aligned to 2^16, Mode with 5 of its 8 encodings named.
        Assert.Equal("# test.ctl64", lines[0]);
        Assert.Contains("![test.ctl64 register diagram](test.ctl64.svg)", lines);
        Assert.Contains("| 3:1 | Mode | enum | TestMode | Access mode |", lines);
        Assert.Contains("| 47:12 | TablePtr | address | ulong | Table base (holds address bits 47:12) |", lines);
        Assert.Contains("| 3 (0x3) | ReadWrite |", lines);
        Assert.Contains("- RES0 (must be zero): 7:4, 62:56", lines);
        Assert.Contains("- RES1 (must be one): 63", lines);
        Assert.Contains("- Ignored by hardware: 55:48", lines);
        Assert.Contains("- TablePtr must be aligned to 2^16 bytes", lines);
        Assert.Contains("- Mode: an encoding not listed under Encodings is reserved", lines);
    }

    [Fact]
    public void Output_directory_gets_pages_diagrams_and_index()
    {
        using var dir = ExternalTool.TempDirectory();
        var json = CliRunner.Run("export", "markdown", "--all", "-o", dir.Path, "--json").Json();

        Assert.Equal(7, json.GetArrayLength());
        Assert.True(File.Exists(Path.Combine(dir.Path, "README.md")));
        Assert.StartsWith("<svg ", File.ReadAllText(Path.Combine(dir.Path, "test.reg32.svg")), StringComparison.Ordinal);
        Assert.Contains("| [test.cmd128](test.cmd128.md) | 128 | 128-bit command |", File.ReadAllText(Path.Combine(dir.Path, "README.md")), StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IommuLayouts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("IommuLayouts.sln not found above " + AppContext.BaseDirectory);
    }
}
