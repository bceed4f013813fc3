using System.Text.Json;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Scenarios.Vtd;
using IommuLayouts.Scenarios;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Scenarios.Tests.Vtd;

/// <summary>The scenario factory: capability keys map onto CAP/ECAP fields; bad keys and values name their JSON path.</summary>
public sealed class VtdScenarioDeviceTests
{
    private static IScenarioDevice Create(string json) =>
        ScenarioDevices.Default.Find("vtd")!.Create(JsonDocument.Parse(json).RootElement.Clone());

    [Fact]
    public void Vtd_is_registered()
    {
        Assert.Contains("vtd", ScenarioDevices.Default.Kinds);
    }

    [Fact]
    public void Capability_keys_reach_the_registers()
    {
        var device = Create("""{ "nfr": 1, "fs5lp": false, "pss": 8, "sagaw": "0x4" }""");
        var cap = CapabilityRegister.FromWords([device.ReadRegister(0x08, 64)]);
        var ecap = ExtendedCapabilityRegister.FromWords([device.ReadRegister(0x10, 64)]);
        Assert.Equal(0, cap.NumberOfFaultRecordingRegisters); // CAP.NFR = count - 1
        Assert.False(cap.FirstStage5LevelPaging);
        Assert.Equal(4, cap.SupportedAdjustedGuestAddressWidths);
        Assert.Equal(7, ecap.PasidSizeSupported); // ECAP.PSS = width - 1
    }

    [Fact]
    public void Unknown_key_is_an_error_naming_it()
    {
        var e = Assert.Throws<ScenarioException>(() => Create("""{ "bogus": true }"""));
        Assert.Equal("$.capabilities.bogus", e.Path);
    }

    [Fact]
    public void Flag_with_a_number_is_an_error()
    {
        var e = Assert.Throws<ScenarioException>(() => Create("""{ "nest": 1 }"""));
        Assert.Equal("$.capabilities.nest", e.Path);
    }

    [Fact]
    public void Out_of_range_value_is_an_error()
    {
        var e = Assert.Throws<ScenarioException>(() => Create("""{ "nfr": 300 }"""));
        Assert.Equal("$.capabilities", e.Path);
        Assert.Contains("FaultRecordingRegisters", e.Problem);
    }

    [Fact]
    public void Request_without_source_is_an_error()
    {
        var device = Create("{}");
        Assert.Throws<ScenarioException>(() => device.Translate(new ScenarioRequest("r", 0x1000, Emulator.Walkers.AccessKind.Read, false, false, 1, null, null, null), null));
    }
}
