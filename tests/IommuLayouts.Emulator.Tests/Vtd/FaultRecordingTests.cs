using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// Fault-recording registers in order, FSTS.PPF/FRI/PFO and the fault event, following QEMU vtd_report_frcd_fault
/// and vtd_generate_fault_event and the Linux handler dmar_fault (clear F by writing it, then PFO/PPF in FSTS).
/// </summary>
public sealed class FaultRecordingTests
{
    private static readonly ushort Device = VtdTestBed.Sid(0, 3, 0);

    private static VtdTestBed Bed(int records)
    {
        var bed = new VtdTestBed(scalable: false, new VtdCapabilities { FaultRecordingRegisters = records });
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        tables.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read);
        bed.LegacyContext(Device, tables.RootAddress, 4, did: 1);
        bed.Enable();
        return bed;
    }

    [Fact]
    public void Faults_fill_the_registers_in_order_then_overflow()
    {
        var bed = Bed(records: 2);
        Assert.True(bed.Vtd.WriteRegister(0x38, 0, 32)); // FECTL.IM = 0: events are delivered
        Assert.Equal(VtdOutcome.Faulted, bed.Translate(Device, 0x1000, AccessKind.Write).Outcome);
        Assert.Equal(1, bed.Vtd.FaultEventCount);
        Assert.True(bed.Translate(Device, 0x9000).Recorded);
        Assert.Equal(1, bed.Vtd.FaultEventCount); // PPF was already set: no new event

        Assert.Equal(0x1000UL, bed.ReadFrcd(0).FaultInfo);
        Assert.Equal((byte)FaultReason.WriteNotPermitted, bed.ReadFrcd(0).Fr);
        Assert.Equal(0x9000UL, bed.ReadFrcd(1).FaultInfo);
        Assert.Equal((byte)FaultReason.ReadNotPermitted, bed.ReadFrcd(1).Fr);

        var third = bed.Translate(Device, 0xA000);
        Assert.False(third.Recorded);
        var fsts = FaultStatusRegister.FromWords([bed.Fsts]);
        Assert.True(fsts.PrimaryFaultOverflow);
        Assert.True(fsts.PrimaryPendingFault);
        Assert.Equal(0, fsts.FaultRecordIndex);
        Assert.Equal(0x1000UL, bed.ReadFrcd(0).FaultInfo); // not overwritten
    }

    [Fact]
    public void Clearing_records_and_overflow_lets_recording_resume_round_robin()
    {
        var bed = Bed(records: 2);
        bed.Translate(Device, 0x9000);
        bed.Translate(Device, 0xA000);
        bed.Translate(Device, 0xB000); // overflow

        // Linux dmar_fault: write F (bit 31 of the dword at +12) to clear each record, then PFO | PPF to FSTS.
        Assert.True(bed.Vtd.WriteRegister(VtdTestBed.FrcdOffset + 12, 0x8000_0000, 32));
        Assert.False(bed.ReadFrcd(0).Fault);
        Assert.Equal(1, FaultStatusRegister.FromWords([bed.Fsts]).FaultRecordIndex); // FRI moves to the pending one
        Assert.False(bed.Translate(Device, 0xC000).Recorded); // PFO still set: dropped
        Assert.True(bed.Vtd.WriteRegister(VtdTestBed.FrcdOffset + 16 + 8, 1UL << 63, 64));
        Assert.True(bed.Vtd.WriteRegister(0x34, 3, 32));
        Assert.Equal(0u, bed.Fsts & 3);

        Assert.True(bed.Translate(Device, 0xD000).Recorded);
        Assert.Equal(0xD000UL, bed.ReadFrcd(0).FaultInfo); // the next register in turn after 0 and 1 is 0 again
        Assert.Equal(0, FaultStatusRegister.FromWords([bed.Fsts]).FaultRecordIndex);
    }

    [Fact]
    public void Masked_fault_event_is_pending_until_unmasked()
    {
        var bed = Bed(records: 8);
        Assert.Equal(1u << 31, (uint)bed.Vtd.ReadRegister(0x38, 32)); // reset: IM = 1 (QEMU)
        bed.Translate(Device, 0x9000);
        Assert.Equal(3u << 30, (uint)bed.Vtd.ReadRegister(0x38, 32)); // IM | IP
        Assert.Equal(0, bed.Vtd.FaultEventCount);
        Assert.True(bed.Vtd.WriteRegister(0x38, 0, 32));
        Assert.Equal(1, bed.Vtd.FaultEventCount);
        Assert.Equal(0u, (uint)bed.Vtd.ReadRegister(0x38, 32));
    }

    [Fact]
    public void Eight_registers_hold_eight_faults()
    {
        var bed = Bed(records: 8);
        for (var i = 0; i < 8; i++)
        {
            Assert.True(bed.Translate(Device, 0x10000UL * (ulong)(i + 1)).Recorded);
        }

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(0x10000UL * (ulong)(i + 1), bed.ReadFrcd(i).FaultInfo);
        }

        Assert.False(bed.Translate(Device, 0x90000).Recorded);
        Assert.True(FaultStatusRegister.FromWords([bed.Fsts]).PrimaryFaultOverflow);
    }
}
