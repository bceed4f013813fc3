using System.IO;
using System.Text;
using System.Text.Json;
using IommuLayouts.Scenarios;
using Xunit;

namespace IommuLayouts.Scenarios.Tests.Vtd;

/// <summary>
/// The <c>"kind": "interrupt"</c> request of scenario files (issue 13): loaded with its data, run through the VT-d
/// interrupt-remapping path, reported with its delivered data; misuse is one message naming the JSON path.
/// </summary>
public sealed class InterruptRequestScenarioTests
{
    private static ScenarioReport Run(string json) =>
        ScenarioRunner.Default.Run(new ScenarioLoader(ScenarioLoader.DefaultCatalog).Load(json));

    [Fact]
    public void Interrupt_request_while_remapping_is_off_is_delivered_unchanged_with_its_data()
    {
        // GSTS.IRES clear: the message passes as it came (QEMU vtd_interrupt_remap_msi, "do_not_translate").
        var report = Run("""
            { "iommu": "vtd",
              "requests": [ { "name": "irq", "kind": "interrupt", "source": "00:03.0", "address": "0xfee01000", "data": "0x4031" } ],
              "expect": { "irq": { "output": "0xfee01000", "data": "0x4031" } } }
            """);
        Assert.True(report.Passed);
        Assert.Equal(ScenarioRequestKind.Interrupt, report.Results[0].Request.Kind);
        Assert.Equal(0x4031u, report.Results[0].Result.Data);
    }

    [Fact]
    public void Wrong_expected_data_is_a_mismatch()
    {
        var report = Run("""
            { "iommu": "vtd",
              "requests": [ { "name": "irq", "kind": "interrupt", "source": "00:03.0", "address": "0xfee01000", "data": 1 } ],
              "expect": { "irq": { "output": "0xfee01000", "data": 2 } } }
            """);
        Assert.False(report.Passed);
        Assert.Equal("expected data 0x2, got 0x1", report.Results[0].Mismatch);
    }

    [Fact]
    public void Json_report_names_the_kind_data_and_what_the_unit_did()
    {
        var report = Run("""
            { "iommu": "vtd", "requests": [ { "name": "irq", "kind": "interrupt", "source": "00:03.0", "address": "0xfee01000", "data": 7 } ] }
            """);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            ScenarioReportWriter.WriteJson(writer, report);
        }

        var result = JsonDocument.Parse(Encoding.UTF8.GetString(stream.ToArray())).RootElement.GetProperty("results")[0];
        Assert.Equal("interrupt", result.GetProperty("kind").GetString());
        Assert.Equal("0x7", result.GetProperty("data").GetString());
        Assert.Contains("interrupt remapping off", result.GetProperty("interrupt").GetString());
    }

    [Theory]
    [InlineData("""{ "name": "r", "kind": "interrupt", "source": "00:03.0", "address": "0xfee00000", "pasid": 1 }""", "$.requests[0]")]
    [InlineData("""{ "name": "r", "kind": "interrupt", "source": "00:03.0", "address": "0xfee00000", "access": "read" }""", "$.requests[0]")]
    [InlineData("""{ "name": "r", "source": "00:03.0", "address": "0x1000", "data": 1 }""", "$.requests[0].data")]
    [InlineData("""{ "name": "r", "kind": "msi", "source": "00:03.0", "address": "0xfee00000" }""", "$.requests[0].kind")]
    public void Misused_interrupt_keys_are_errors_naming_their_path(string request, string path)
    {
        var e = Assert.Throws<ScenarioException>(() => new ScenarioLoader(ScenarioLoader.DefaultCatalog).Load($$"""{ "iommu": "vtd", "requests": [ {{request}} ] }"""));
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Smmuv3_has_no_interrupt_requests()
    {
        var e = Assert.Throws<ScenarioException>(() => Run("""
            { "iommu": "smmuv3", "requests": [ { "name": "r", "kind": "interrupt", "stream": 1, "address": "0xfee00000" } ] }
            """));
        Assert.Contains("no interrupt requests", e.Problem);
    }
}
