using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace IommuLayouts.Generators.Tests;

/// <summary>The generated code of the five representative sample layouts (tests/Layouts), checked against committed snapshots.</summary>
public sealed class SnapshotTests
{
    /// <summary>File name of each sample layout, and the layout it is representative of.</summary>
    private static readonly string[] s_layouts =
    {
        "Flags64",     // 64-bit flags, enums, a get-only field
        "Crossing128", // 128-bit with a field crossing the word boundary and an address
        "Wide512",     // 512-bit with shifted addresses, ignored and RES1 ranges and a rule hook
        "Tiny8",       // 8-bit
        "Huge1024",    // 1024-bit
        "Gated256",    // 256-bit with used bits: a [LiveWhen] gate, chained [UsedWhen] conditions, [UpdateSafe] fields
    };

    public static TheoryData<string> Layouts => new(s_layouts);

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Generated_layout_matches_snapshot(string layout)
    {
        var outcome = GeneratorHarness.Run(ReadLayout(layout));

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationErrors);
        var hint = $"IommuLayouts.Tests.Layouts.{layout}.g.cs";
        Snapshot.Verify(outcome.GeneratedSource(hint), hint, nameof(SnapshotTests), $"{nameof(Generated_layout_matches_snapshot)}_{layout}");
    }

    [Fact]
    public void Catalog_lists_every_layout_by_name()
    {
        var outcome = GeneratorHarness.Run(s_layouts.Select(ReadLayout).ToArray());

        Assert.Empty(outcome.CompilationErrors);
        Snapshot.Verify(outcome.GeneratedSource("BitLayoutCatalog.g.cs"), "BitLayoutCatalog.g.cs", nameof(SnapshotTests));
    }

    /// <summary>Verify's "dangling file" rule: a verified snapshot that no test produces fails the suite.</summary>
    [Fact]
    public void Every_verified_snapshot_belongs_to_a_test()
    {
        var expected = new HashSet<string>(StringComparer.Ordinal)
        {
            Snapshot.FileName(nameof(SnapshotTests), nameof(Catalog_lists_every_layout_by_name), "BitLayoutCatalog.g.cs"),
        };
        foreach (var layout in s_layouts)
        {
            expected.Add(Snapshot.FileName(nameof(SnapshotTests), $"{nameof(Generated_layout_matches_snapshot)}_{layout}", $"IommuLayouts.Tests.Layouts.{layout}.g.cs"));
        }

        foreach (var hint in SpecSnapshotTests.Hints)
        {
            expected.Add(Snapshot.FileName(nameof(SpecSnapshotTests), nameof(SpecSnapshotTests.Generated_spec_matches_snapshot), hint));
        }

        var onDisk = Directory.GetFiles(Snapshot.Directory(), "*.verified.cs").Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(onDisk, f => !expected.Contains(f!));
    }

    internal static string ReadLayout(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Layouts", name + ".cs"));
}
