using System.Linq;
using IommuLayouts.Emulator.Nesting;
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
    public void Smmuv3AndVtdAgree(int seed)
    {
        var (disagreements, outcomes) = NestingDifferential.RunRandom(seed);
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(10)));
        Assert.True(outcomes.ContainsKey(NestedFaultClass.None), "no request translated");
        Assert.True(outcomes.ContainsKey(NestedFaultClass.Stage1Translation), "no stage-1 translation fault");
        Assert.True(outcomes.ContainsKey(NestedFaultClass.Stage2Translation), "no stage-2 translation fault");
    }
}
