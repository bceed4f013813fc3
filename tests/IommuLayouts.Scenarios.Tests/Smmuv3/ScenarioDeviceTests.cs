using System.Text.Json;
using IommuLayouts.Scenarios;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Scenarios.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Scenarios.Tests.Smmuv3;

/// <summary>The scenario adapter: capability keys, errors naming the JSON path, fault names and records.</summary>
public class ScenarioDeviceTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Smmuv3_is_registered_by_default() =>
        Assert.IsType<Smmuv3ScenarioDeviceFactory>(ScenarioDevices.Default.Find("smmuv3"));

    [Fact]
    public void Capabilities_override_the_idrs()
    {
        var device = new Smmuv3ScenarioDeviceFactory().Create(Json("""{ "oas": 44, "s2p": false, "sidsize": 8, "tlb": "none" }"""));
        Assert.Equal(4UL, device.ReadRegister(Smmuv3RegisterMap.Idr5, 32) & 7);
        Assert.Equal(0UL, device.ReadRegister(Smmuv3RegisterMap.Idr0, 32) & 1);
        Assert.Equal(8UL, device.ReadRegister(Smmuv3RegisterMap.Idr1, 32) & 0x3F);
    }

    [Theory]
    [InlineData("""{ "oas": 50 }""", "$.capabilities.oas", "expected one of 32, 36, 40, 42, 44, 48, 52")]
    [InlineData("""{ "speed": 1 }""", "$.capabilities.speed", "unknown capability")]
    [InlineData("""{ "s1p": 1 }""", "$.capabilities.s1p", "expected true or false")]
    [InlineData("""{ "ssidsize": 21 }""", "$.capabilities.ssidsize", "expected 0..20")]
    [InlineData("""{ "s1p": false, "s2p": false }""", "$.capabilities", "At least one translation stage")]
    public void Bad_capabilities_name_the_json_path(string json, string path, string message)
    {
        var ex = Assert.Throws<ScenarioException>(() => new Smmuv3ScenarioDeviceFactory().Create(Json(json)));
        Assert.Equal(path, ex.Path);
        Assert.Contains(message, ex.Problem, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Faults_carry_the_event_name_and_record_and_records_drain_once()
    {
        var device = (Smmuv3ScenarioDevice)new Smmuv3ScenarioDeviceFactory().Create(null);
        device.WriteRegister(Smmuv3RegisterMap.EventqBase, 0x4E17_000A, 64);
        device.WriteRegister(Smmuv3RegisterMap.StrtabBaseCfg, 5, 32);
        device.WriteRegister(Smmuv3RegisterMap.StrtabBase, 0x4E17_9000, 64);
        device.WriteRegister(Smmuv3RegisterMap.Cr0, 5, 32);

        var r = device.Translate(new ScenarioRequest("x", 0x1000, AccessKind.Read, false, false, 1, null, null, null), null);
        Assert.False(r.Ok);
        Assert.Equal("C_BAD_STE", r.Fault);
        Assert.Equal(1UL, r.Record!.Field("StreamID"));
        Assert.Single(device.DrainRecords());
        Assert.Empty(device.DrainRecords());

        Assert.Throws<ScenarioException>(() => device.Translate(new ScenarioRequest("y", 0, AccessKind.Read, false, false, null, null, null, null), null));
    }
}
