using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using Xunit;

namespace IommuLayouts.Cli.Tests;

/// <summary>
/// The built tool as a process (Program.cs over the IommuLayouts.Specs catalog): exit codes, streams, and no
/// colour when the output is not a terminal. The catalog's contents belong to specs/, so only shapes are checked.
/// </summary>
public sealed class ProcessTests
{
    [Fact]
    public void Formats_json_from_the_real_program_is_an_array_of_formats()
    {
        var (code, stdout, stderr) = RunTool("formats", "--json");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        Assert.DoesNotContain('\u001b', stdout);
        var formats = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(JsonValueKind.Array, formats.ValueKind);
        foreach (var f in formats.EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(f.GetProperty("name").GetString()));
            Assert.True(f.GetProperty("sizeBits").GetInt32() >= 8);
        }
    }

    [Fact]
    public void Unknown_format_from_the_real_program_exits_2_with_one_line()
    {
        var (code, stdout, stderr) = RunTool("describe", "no.such.format");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("iommu-layouts: error: unknown format 'no.such.format'", stderr, StringComparison.Ordinal);
        Assert.Single(InspectCommandTests.Lines(stderr));
    }

    [Theory]
    [InlineData]
    [InlineData("demo")]
    [InlineData("formats")]
    [InlineData("describe")]
    [InlineData("decode")]
    [InlineData("translate")]
    [InlineData("validate")]
    [InlineData("encode")]
    [InlineData("diff")]
    [InlineData("export")]
    [InlineData("export", "c-header")]
    [InlineData("export", "svg")]
    [InlineData("export", "markdown")]
    public void Help_fits_a_100_column_terminal_and_names_the_format_argument(params string[] command)
    {
        var (code, stdout, _) = RunTool([.. command, "--help"]);

        Assert.Equal(0, code);
        var lines = InspectCommandTests.Lines(stdout);
        Assert.All(lines, line => Assert.True(line.Length <= 100, $"{line.Length} columns: {line}"));

        // The real catalog has ~80 formats: help shows <format> and says where the names are, never the list.
        Assert.DoesNotContain("smmuv3.cd|", stdout, StringComparison.Ordinal);
        if (command is ["describe" or "decode" or "validate" or "encode" or "diff"] or ["export", _])
        {
            Assert.Contains("<format>", stdout, StringComparison.Ordinal);
            Assert.Contains("'iommu-layouts formats'", stdout, StringComparison.Ordinal);
        }
    }

    private static (int Code, string Out, string Err) RunTool(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "iommu-layouts.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("iommu-layouts did not exit within 60 s");
        }

        return (process.ExitCode, stdout, stderr.Result);
    }

    private static string DotnetPath()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
