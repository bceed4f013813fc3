using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace IommuLayouts.Generators.Tests;

/// <summary>The generator must do no work when nothing it depends on changed (Roslyn's incremental-generator cookbook).</summary>
public sealed class IncrementalTests
{
    private static readonly string[] s_trackedSteps =
    {
        BitLayoutGenerator.TrackingNames.Parse,
        BitLayoutGenerator.TrackingNames.Layouts,
        BitLayoutGenerator.TrackingNames.Diagnostics,
        BitLayoutGenerator.TrackingNames.Catalog,
        BitLayoutGenerator.TrackingNames.Names,
    };

    [Fact]
    public void Editing_an_unrelated_file_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation(
            SnapshotTests.ReadLayout("Wide512"),
            SnapshotTests.ReadLayout("Flags64"),
            "namespace Other; public static class Helper { public static int Answer => 41; }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Last();
        var newTree = CSharpSyntaxTree.ParseText(
            "namespace Other; public static class Helper { public static int Answer => 42; public static int Other => 1; }",
            GeneratorHarness.ParseOptions,
            path: oldTree.FilePath);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));

        var result = driver.GetRunResult().Results.Single();
        foreach (var step in s_trackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} output was {reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output =>
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Changing_a_field_reruns_only_that_layout()
    {
        var wide = SnapshotTests.ReadLayout("Wide512");
        var compilation = GeneratorHarness.CreateCompilation(wide, SnapshotTests.ReadLayout("Flags64"));
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.First();
        var edited = wide.Replace("[Bits(59, 63)] public partial byte CdMax", "[Bits(58, 63)] public partial byte CdMax", System.StringComparison.Ordinal);
        Assert.NotEqual(wide, edited);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(edited, GeneratorHarness.ParseOptions, path: oldTree.FilePath)));

        var layouts = driver.GetRunResult().Results.Single().TrackedSteps[BitLayoutGenerator.TrackingNames.Layouts].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(layouts, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(layouts, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }
}
