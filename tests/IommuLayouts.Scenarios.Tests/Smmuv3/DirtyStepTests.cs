using System;
using IommuLayouts.Scenarios;
using Xunit;

namespace IommuLayouts.Scenarios.Tests.Smmuv3;

/// <summary>
/// The SMMUv3 <c>read-dirty</c> step over a hand-built stage-2 table (39-bit IPA from level 1, 4 KB granule): leaf 0 is
/// writable-dirty and leaf 1 writable-clean as Linux io-pgtable-arm.c iopte_writeable_dirty defines them (DBM bit 51,
/// S2AP write bit 7, AF bit 10).
/// </summary>
public sealed class DirtyStepTests
{
    private static readonly ScenarioLoader s_loader = new(ScenarioLoader.DefaultCatalog);

    private static string File(string step) => $$"""
        { "iommu": "smmuv3",
          "memory": [ { "address": "0x1008", "words": [ "0x2003" ] }, { "address": "0x2000", "words": [ "0x3003" ] },
                      { "address": "0x3000", "words": [ "0x00080000800007c3", "0x0008000080001743" ] } ],
          "steps": [ {{step}} ] }
        """;

    private const string Geometry = """ "stage": 2, "table": "0x1000", "granule": 4096, "inputBits": 39, "startLevel": 1 """;

    [Fact]
    public void Reports_the_dirty_page_and_cleans_it()
    {
        var file = File($$"""
            { "read-dirty": { {{Geometry}}, "address": "0x40000000", "size": "0x2000", "expect": [ "0x40000000" ] } },
            { "expect-memory": { "address": "0x3000", "value": "0x0008000080000743" } },
            { "read-dirty": { {{Geometry}}, "address": "0x40000000", "size": "0x2000", "expect": [] } }
            """);
        Assert.True(ScenarioRunner.Default.Run(s_loader.Load(file)).Passed);
    }

    [Fact]
    public void A_different_dirty_set_is_an_error_naming_both()
    {
        var file = File($$"""{ "read-dirty": { {{Geometry}}, "address": "0x40000000", "size": "0x2000", "expect": [ "0x40001000" ] } }""");
        var ex = Assert.Throws<ScenarioException>(() => ScenarioRunner.Default.Run(s_loader.Load(file)));
        Assert.Equal("$.steps[0].read-dirty", ex.Path);
        Assert.Contains("dirty pages [0x40000000], expected [0x40001000]", ex.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(""" "stage": 2, "table": "0x1000", "granule": 4096, "inputBits": 39, "startLevel": 1, "address": 0, "size": "0x1000", "expect": [], "typo": 1 """, "$.steps[0].read-dirty.typo")]
    [InlineData(""" "stage": 3, "table": "0x1000", "granule": 4096, "inputBits": 39, "address": 0, "size": "0x1000", "expect": [] """, "$.steps[0].read-dirty.stage")]
    [InlineData(""" "stage": 2, "table": "0x1000", "granule": 8192, "inputBits": 39, "startLevel": 1, "address": 0, "size": "0x1000", "expect": [] """, "$.steps[0].read-dirty.granule")]
    [InlineData(""" "stage": 2, "table": "0x1000", "granule": 4096, "inputBits": 39, "startLevel": 1, "address": 0, "size": "0x1000" """, "$.steps[0].read-dirty.expect")]
    [InlineData(""" "stage": 2, "table": "0x1000", "granule": 4096, "inputBits": 39, "startLevel": 3, "address": 0, "size": "0x1000", "expect": [] """, "$.steps[0].read-dirty")]
    public void Bad_bodies_are_one_clear_error(string body, string path)
    {
        var file = File($$"""{ "read-dirty": { {{body}} } }""");
        var ex = Assert.Throws<ScenarioException>(() => ScenarioRunner.Default.Run(s_loader.Load(file)));
        Assert.Equal(path, ex.Path);
    }
}
