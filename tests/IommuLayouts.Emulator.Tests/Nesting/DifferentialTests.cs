using System.Linq;
using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Emulator.Nesting.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Nesting;

public sealed class DifferentialTests
{
    /// <summary>
    /// The same GVA → GPA → HPA mapping on SMMUv3 and VT-d gives the same outputs, page sizes and fault classes for a
    /// bounded randomized set of requests (seeded, reproducible), and the set reaches translations and faults of both stages.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Smmuv3_and_Vtd_agree_on_a_random_nested_mapping(int seed)
    {
        var (disagreements, outcomes) = NestingDifferential.RunRandom(seed);
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(10)));
        Assert.True(outcomes.ContainsKey(NestedFaultClass.None), "no request translated");
        Assert.True(outcomes.ContainsKey(NestedFaultClass.Stage1Translation), "no stage-1 translation fault");
        Assert.True(outcomes.ContainsKey(NestedFaultClass.Stage2Translation), "no stage-2 translation fault");
        Assert.True(outcomes.ContainsKey(NestedFaultClass.Stage1Permission), "no stage-1 permission fault");
        Assert.True(outcomes.ContainsKey(NestedFaultClass.Stage2Permission), "no stage-2 permission fault");
    }
}

public sealed class DifferentialCheckerTests
{
    /// <summary>The comparison itself can fail: a mapping present on one IOMMU only is reported.</summary>
    [Fact]
    public void A_difference_is_reported()
    {
        var d = new NestingDifferential();
        d.MapHost(0, 0x20_0000, IommuLayouts.Emulator.PageTables.IommuProt.Read | IommuLayouts.Emulator.PageTables.IommuProt.Write);
        d.MapGuest(0x4000_0000, 0x1000, 0x1000, IommuLayouts.Emulator.PageTables.IommuProt.Read);
        d.VtdGuest.Map(0x4000_1000, 0x2000, 0x1000, IommuLayouts.Emulator.PageTables.IommuProt.Read); // VT-d only
        d.Bind();
        Assert.Null(d.Compare(0x4000_0010, IommuLayouts.Emulator.Walkers.AccessKind.Read));
        var diff = d.Compare(0x4000_1010, IommuLayouts.Emulator.Walkers.AccessKind.Read);
        Assert.NotNull(diff);
        Assert.Contains("Stage1Translation", diff, System.StringComparison.Ordinal);
    }
}
