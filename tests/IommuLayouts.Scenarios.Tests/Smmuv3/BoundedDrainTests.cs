using IommuLayouts.Scenarios;
using IommuLayouts.Scenarios.Smmuv3;
using Xunit;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Scenarios.Tests.Smmuv3;

/// <summary>
/// Issue 16: the register writes of a random scenario (EVENTQ_PROD written while EVENTQEN = 0, far from CONS) made one
/// drain of the event queue read 2^EVENTQS stale slots: 404,960 "records" and a 300 MB report. A drain reads only what
/// the SMMU recorded.
/// </summary>
public class BoundedDrainTests
{
    private const string Issue16 = """
        {
          "iommu": "smmuv3",
          "registers": [
            { "offset": "0x88", "value": "0x10005" },
            { "offset": "0xa0", "value": "0xb4799598" },
            { "offset": "0x9c", "value": "0xad3150d7" },
            { "offset": "0xa8", "value": "0x4d162de0" },
            { "offset": "0x20", "value": "0xf5ce43" },
            { "offset": "0x44", "value": "0xb787cb52" },
            { "offset": "0x20", "value": "0x1" }
          ],
          "requests": [
            { "name": "a", "stream": 1, "address": "0x1000" },
            { "name": "b", "stream": 2, "address": "0x2000" },
            { "name": "c", "stream": 3, "address": "0x3000" }
          ]
        }
        """;

    [Fact]
    public void Issue16_scenario_reports_no_records_the_smmu_did_not_write()
    {
        var report = ScenarioRunner.Default.Run(new ScenarioLoader(ScenarioLoader.DefaultCatalog).Load(Issue16));
        Assert.Equal(3, report.Results.Count);
        Assert.Empty(report.Records); // EVENTQEN was never set: nothing was recorded
    }

    [Fact]
    public void Prod_moved_while_disabled_then_enabled_drains_only_the_new_records()
    {
        var device = new Smmuv3ScenarioDevice(IommuLayouts.Emulator.Smmuv3.Smmuv3Capabilities.Default);
        device.WriteRegister(R.EventqBase, 0x4E17_0000 | 19UL, 64);
        device.WriteRegister(R.EventqProd, 0x4_0000, 32);    // 2^18 slots "occupied" by guest garbage
        device.WriteRegister(R.StrtabBaseCfg, 0x5, 32);
        device.WriteRegister(R.StrtabBase, 0x4E17_9000, 64);
        device.WriteRegister(R.Cr0, 0x5, 32);                 // SMMUEN | EVENTQEN
        device.Translate(new ScenarioRequest("r", 0x1000, IommuLayouts.Emulator.Walkers.AccessKind.Read, false, false, 1, null, null, null), null); // invalid STE: C_BAD_STE
        var records = device.DrainRecords();
        var record = Assert.Single(records);
        Assert.Equal(0x4_0001UL, device.ReadRegister(R.EventqCons, 32));
        Assert.Equal(0x4_0001UL, device.ReadRegister(R.EventqProd, 32));
        Assert.Empty(device.DrainRecords());
        Assert.NotNull(record);
    }
}
