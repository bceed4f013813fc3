using System;
using System.IO;
using System.Linq;
using Xunit;

namespace IommuLayouts.Generators.Tests;

/// <summary>
/// The generated code of representative real formats, compiled from the specs/ sources exactly as the build does:
/// the SMMUv3 STE (issue 4), the VT-d PASID entry (issue 5) and a VMSAv8-64 leaf descriptor.
/// </summary>
public sealed class SpecSnapshotTests
{
    internal static readonly string[] Hints =
    {
        "IommuLayouts.Specs.Smmuv3.StreamTableEntry.g.cs",
        "IommuLayouts.Specs.Vtd.PasidEntry.g.cs",
        "IommuLayouts.Specs.Vmsa.S1LeafDescriptor.g.cs",
    };

    private static readonly Lazy<GeneratorOutcome> s_specs = new(() =>
    {
        var specs = Path.Combine(Snapshot.RepositoryRoot(), "specs");
        var sources = Directory.GetFiles(specs, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray();
        return GeneratorHarness.Run(sources);
    });

    public static TheoryData<string> Formats => new(Hints);

    [Fact]
    public void Specs_compile_with_the_generator_and_no_diagnostics()
    {
        Assert.Empty(s_specs.Value.GeneratorDiagnostics);
        Assert.Empty(s_specs.Value.CompilationErrors);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Generated_spec_matches_snapshot(string hint) =>
        Snapshot.Verify(s_specs.Value.GeneratedSource(hint), hint, nameof(SpecSnapshotTests), nameof(Generated_spec_matches_snapshot));
}
