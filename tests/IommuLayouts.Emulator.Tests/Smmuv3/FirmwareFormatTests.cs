using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// Entries and register settings as firmware and drivers write them from the architecture tables (issue 18's numbered
/// defects), each checked against an independent source named in the test.
/// </summary>
public class FirmwareFormatTests
{
    private const uint Sid = 1;
    private const ulong Va = 0x12_3456_7000;

    /// <summary>
    /// Reserved STE.Config 0b001..0b011 behave as 0b000: abort, no event. Source: QEMU hw/arm/smmuv3-internal.h
    /// <c>STE_CFG_ABORT(config) (!(config &amp; 0x4))</c>, used by decode_ste (via decode_ste_config) before any other
    /// field is read, so the transaction is aborted and decode_ste returns 0 (no C_BAD_STE).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reserved_ste_config_aborts_without_event(int config)
    {
        var bed = new Smmuv3TestBed();
        bed.WriteSte(Sid, new StreamTableEntry { V = true, Config = (SteConfig)config });
        var r = bed.Read(Sid, Va);
        Assert.Equal(Smmuv3Outcome.Aborted, r.Outcome);
        Assert.False(r.EventRecorded);
        Assert.Empty(bed.DrainEvents());
    }

    /// <summary>
    /// C_BAD_STREAMID is recorded only when SMMU_CR2.RECINVSID = 1. Source: Linux arm-smmu-v3.h <c>CR2_RECINVSID (1 &lt;&lt; 1)</c>,
    /// which arm_smmu_device_reset sets (<c>reg = CR2_RECINVSID ...; writel_relaxed(reg, smmu->base + ARM_SMMU_CR2)</c>)
    /// precisely so that invalid StreamIDs are reported; with the bit clear the transaction still faults, unrecorded.
    /// </summary>
    [Fact]
    public void Bad_streamid_is_recorded_only_with_cr2_recinvsid()
    {
        var bed = new Smmuv3TestBed();
        const uint badSid = 0x20; // STRTAB_BASE_CFG.LOG2SIZE = 5
        bed.W32(Smmuv3RegisterOffsets.Cr2, (uint)new Cr2 { PTM = true }.Word);
        var quiet = bed.Read(badSid, Va);
        Assert.Equal(EventType.C_BAD_STREAMID, quiet.EventType);
        Assert.False(quiet.EventRecorded);
        Assert.Empty(bed.DrainEvents());

        bed.W32(Smmuv3RegisterOffsets.Cr2, (uint)new Cr2 { PTM = true, RECINVSID = true }.Word);
        var loud = bed.Read(badSid, Va);
        Assert.Equal(EventType.C_BAD_STREAMID, loud.EventType);
        Assert.True(loud.EventRecorded);
        var events = bed.DrainEvents();
        Assert.Single(events);
        Assert.Equal(EventType.C_BAD_STREAMID, events[0].EventID);
        Assert.Equal(badSid, events[0].StreamID);
    }
}
