using System;
using System.IO;
using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Scenarios.Nesting;
using IommuLayouts.Scenarios.Tests;
using Xunit;

namespace IommuLayouts.Scenarios.Tests.Nesting;

/// <summary>The demo runs in-process and says what a reader needs: the entries decoded, the faults of both stages, the stale and fresh results.</summary>
public sealed class DemoTests
{
    [Fact]
    public void Demo_runs_and_shows_the_key_lines()
    {
        using var output = new StringWriter();
        Assert.True(NestingDemo.Run(output));
        var text = output.ToString();

        // The nested STE (Config 7, the host's VMID, MEV) and the nested PASID entry (PGTT 3 = Nested, now enum-typed, DID 1) decoded.
        Assert.Contains("Config=Nested (0x7)", text, StringComparison.Ordinal);
        Assert.Contains("MEV=true", text, StringComparison.Ordinal);
        Assert.Contains("S2VMID=0x1", text, StringComparison.Ordinal);
        Assert.Contains("Pgtt=Nested", text, StringComparison.Ordinal);
        Assert.Contains("DomainId=0x1", text, StringComparison.Ordinal);

        // Faults in each stage, with their records; the guest gets the stage-1 one with its own IDs.
        Assert.Contains("[stage1-fault] read 0x80009000: fault F_TRANSLATION (Stage1Translation)", text, StringComparison.Ordinal);
        Assert.Contains("[stage2-fault] read 0x80002000: fault F_TRANSLATION (Stage2Translation)", text, StringComparison.Ordinal);
        Assert.Contains("[stage1-fault] read 0x80009000: fault 0x71 (Stage1Translation)", text, StringComparison.Ordinal);
        Assert.Contains("record: smmuv3.event { EventID=F_TRANSLATION (0x10), StreamID=0x1,", text, StringComparison.Ordinal);
        Assert.Contains("reported to the guest (Stage1Translation): smmuv3.event { EventID=F_TRANSLATION (0x10), StreamID=0x11,", text, StringComparison.Ordinal);
        Assert.Contains("reported to the guest (Stage1Translation): vtd.frcd { FaultInfo=0x80009000, SourceId=0x88,", text, StringComparison.Ordinal);

        // The guest invalidation: stale, then the new mapping.
        Assert.Contains("[stale] read 0x80000010: -> 0x100001010", text, StringComparison.Ordinal);
        Assert.Contains("[fresh] read 0x80000010: -> 0x100003010", text, StringComparison.Ordinal);
        Assert.Contains("issued P_IOTLB_INV(0x80000000, AM 0, IH)", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("8/8 expectations met.").Length - 1);
        Assert.Contains("Demo complete", text, StringComparison.Ordinal);
    }

    /// <summary>The shipped scenario files under tests/scenarios are the demo's, so the demo and the regression tests cannot drift apart.</summary>
    [Theory]
    [InlineData("smmuv3-nested.json", "smmuv3")]
    [InlineData("vtd-nested.json", "vtd")]
    public void Shipped_scenario_files_are_the_demos(string name, string folder)
    {
        var shipped = Path.Combine(ScenarioFrameworkTests.RepositoryRoot(), "tests", "scenarios", folder, "nested-demo.json");
        Assert.Equal(NestingDemo.ScenarioText(name).ReplaceLineEndings(), File.ReadAllText(shipped).ReplaceLineEndings());
    }
}
