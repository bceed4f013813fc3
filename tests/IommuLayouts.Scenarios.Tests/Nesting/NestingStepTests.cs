using IommuLayouts.Scenarios;
using Xunit;

namespace IommuLayouts.Scenarios.Tests.Nesting;

/// <summary>The nesting steps of scenario files (device kinds smmuv3-nested and vtd-nested).</summary>
public sealed class NestingStepTests
{
    /// <summary>A bad value in a nesting step is a scenario error naming the JSON path, not a crash.</summary>
    [Theory]
    [InlineData("""{ "bind": { "domain": "nope", "source": "00:01.0", "base": "0x1000" } }""", "$.steps[0].bind.domain")]
    [InlineData("""{ "domain": { "name": "vm", "id": 1, "ipaBits": 40 } }""", "$.steps[0].domain")]
    [InlineData("""{ "domain": { "name": "vm", "id": 1 } }, { "map": { "domain": "vm", "gpa": "0x0", "hpa": "0x0", "size": "0x1000", "prot": "rx" } }""", "$.steps[1].map.prot")]
    [InlineData("""{ "bind": { "domain": "vm", "source": "00:01.0", "base": "0x1000", "colour": 1 } }""", "$.steps[0].bind.colour")]
    [InlineData("""{ "bind": 3 }""", "$.steps[0].bind")]
    [InlineData("""{ "domain": { "name": "vm", "id": 1 } }, { "bind": { "domain": "vm", "source": 8, "base": "0x0", "mode": 1 } }""", "$.steps[1].bind.mode")]
    [InlineData("""{ "domain": { "name": "vm", "id": 1 } }, { "invalidate": { "source": 8, "ranges": [ 5 ] } }""", "$.steps[1].invalidate.ranges[0]")]
    public void Bad_nesting_steps_name_the_json_path(string step, string path)
    {
        var json = $$"""{ "iommu": "vtd-nested", "steps": [ {{step}} ] }""";
        var scenario = new ScenarioLoader(ScenarioLoader.DefaultCatalog).Load(json);
        var ex = Assert.Throws<ScenarioException>(() => ScenarioRunner.Default.Run(scenario));
        Assert.Equal(path, ex.Path);
    }
}
