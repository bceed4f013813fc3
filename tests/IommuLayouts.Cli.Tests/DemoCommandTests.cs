using System;
using System.IO;
using Xunit;

namespace IommuLayouts.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_runs_with_no_arguments()
    {
        var r = CliRunner.Run("demo");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(string.Empty, r.Err);
        Assert.Contains("Demo complete: every request behaved as expected on both IOMMUs.", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_write_gives_files_translate_runs()
    {
        var dir = Path.Combine(Path.GetTempPath(), "iommu-demo-" + Guid.NewGuid().ToString("n"));
        try
        {
            var w = CliRunner.Run("demo", "--write", dir);
            Assert.Equal(0, w.ExitCode);
            foreach (var name in new[] { "smmuv3-nested.json", "vtd-nested.json" })
            {
                var path = Path.Combine(dir, name);
                Assert.True(File.Exists(path), path);
                // translate with the real formats (the scenario encodes SMMUv3 commands through the catalog).
                using var output = new StringWriter();
                using var error = new StringWriter();
                var code = new CliApp(IommuLayouts.Scenarios.ScenarioLoader.DefaultCatalog, output, error, color: false).Run(["translate", path]);
                Assert.True(code == 0, error.ToString() + output);
                Assert.Contains("all expectations met", output.ToString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
