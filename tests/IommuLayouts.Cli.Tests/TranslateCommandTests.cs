using System;
using System.IO;
using Xunit;

namespace IommuLayouts.Cli.Tests;

/// <summary>
/// <c>translate</c> with files that cannot be run: exit 2 and one line naming the file, the JSON path and the problem.
/// (Scenarios that run are checked by the emulator's scenario-file tests and by the device models' own files.)
/// </summary>
public sealed class TranslateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("iommu-translate-").FullName;

    [Theory]
    [InlineData("{ \"iommu\": \"smmuv3\", \"requests\": [ { \"name\": \"a\" } ] }", "$.requests[0].address: is missing")]
    [InlineData("{ \"iommu\": \"smmuv3\", \"regsiters\": [] }", "$.regsiters: unknown key")]
    [InlineData("{ \"iommu\": \"sparc\" }", "$.iommu: unknown IOMMU 'sparc'")]
    [InlineData("not json", "$: not valid JSON")]
    public void Unrunnable_scenario_exits_2_naming_file_path_and_problem(string json, string expected)
    {
        var file = Path.Combine(_directory, "s.json");
        File.WriteAllText(file, json);

        var result = CliRunner.Run("translate", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(file + ": " + expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_exits_2()
    {
        var result = CliRunner.Run("translate", Path.Combine(_directory, "missing.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing.json: no such file", result.Err, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
