using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using IommuLayouts.Fuzz;
using Xunit;

namespace IommuLayouts.Scenarios.Tests;

/// <summary>
/// Replays every input in fuzz/corpus/regressions/&lt;target&gt;/ (copied next to the test assembly) through its fuzz
/// target: each once failed an oracle (an exception, a step budget, an unarchitected result) and must pass now. The seed
/// corpora in fuzz/corpus/&lt;target&gt;/ are replayed too, so the targets themselves stay runnable.
/// </summary>
public class FuzzRegressionTests
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "FuzzRegressions");

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.Names.Order(StringComparer.Ordinal))
        {
            data.Add(target, "(empty input)");
            var dir = Path.Combine(Root, target);
            if (Directory.Exists(dir))
            {
                foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
                {
                    data.Add(target, Path.GetFileName(file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Regression_input_passes_its_target(string target, string file)
    {
        var bytes = file == "(empty input)" ? [] : File.ReadAllBytes(Path.Combine(Root, target, file));
        Assert.True(FuzzTargets.TryRun(target, bytes), $"no fuzz target '{target}'");
    }

    [Fact]
    public void Every_regression_directory_names_a_target()
    {
        var dirs = Directory.Exists(Root) ? Directory.GetDirectories(Root).Select(Path.GetFileName).ToList() : new List<string?>();
        Assert.All(dirs, d => Assert.Contains(d, FuzzTargets.Names));
    }
}
