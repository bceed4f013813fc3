using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// The fault-path defects of issue 13, each pinned to an independent source: the VT-d specification (Rev. 5.10,
/// Table 30 and §7.2.1), QEMU hw/i386/intel_iommu.c and Linux drivers/iommu/intel/dmar.c.
/// </summary>
public sealed class FaultPathDefectTests
{
    private static readonly ushort Device = VtdTestBed.Sid(0, 3, 0);

    // ---- 1: pass-through with PASID to the interrupt range -------------------------------------------------

    private static VtdTestBed PassThroughPasid(bool pasidEntryFpd = false)
    {
        var bed = new VtdTestBed(scalable: true);
        bed.ScalableContext(Device);
        var pe = default(PasidEntry);
        pe.Present = true;
        pe.FaultProcessingDisable = pasidEntryFpd;
        pe.Pgtt = (byte)PasidGranularTranslationType.PassThrough;
        pe.DomainId = 1;
        bed.SetPasidEntry(Device, 7, pe);
        bed.Enable();
        return bed;
    }

    [Fact]
    public void Pass_through_request_with_pasid_to_the_interrupt_range_is_blocked_with_0x87()
    {
        // QEMU vtd_switch_address_space quotes VT-d 3.14: requests-with-PASID to 0xFEEx_xxxx are translated like any
        // other, "however, if such a request is processed using pass-through translation, it will be blocked" with
        // LGN.4 or SGN.8; QEMU enables iommu_ir_fault for PASID + PT, whose vtd_report_ir_illegal_access records
        // VTD_FR_SM_INTERRUPT_ADDR (0x87). Spec Rev. 5.10 Table 30, SGN.8.1: untranslated request, 87h, qualified.
        var bed = PassThroughPasid();
        var t = bed.Translate(Device, 0xFEE0_1004, AccessKind.Write, pasid: 7);
        Assert.Equal(VtdOutcome.Faulted, t.Outcome);
        Assert.Equal(FaultReason.ScalableOutputInInterruptAddressRange, t.Reason);
        Assert.True(t.Recorded);
        var frcd = bed.ReadFrcd(0);
        Assert.True(frcd.Fault);
        Assert.Equal(0x87, frcd.Fr);
        Assert.Equal(0xFEE0_1000UL, frcd.FaultInfo);
        Assert.True(frcd.PasidPresent);
        Assert.Equal(7u, frcd.PasidValue);

        // The rest of the pass-through PASID stays identity, and a request without PASID there is an interrupt.
        Assert.Equal(0xFED0_0004UL, bed.Translate(Device, 0xFED0_0004, pasid: 7).OutputAddress);
        Assert.Equal(VtdOutcome.InterruptRequest, bed.Translate(Device, 0xFEE0_1004, AccessKind.Write).Outcome);
    }

    [Fact]
    public void Pass_through_interrupt_range_fault_is_qualified_by_the_pasid_entry_fpd()
    {
        // QEMU vtd_report_ir_illegal_access: FPD from the context entry, then vtd_ce_get_pasid_fpd (the directory and
        // PASID entry), passed to vtd_qualify_report_fault; 0x87 is in vtd_qualified_faults[].
        var bed = PassThroughPasid(pasidEntryFpd: true);
        var t = bed.Translate(Device, 0xFEEF_F000, pasid: 7);
        Assert.Equal(FaultReason.ScalableOutputInInterruptAddressRange, t.Reason);
        Assert.False(t.Recorded);
        Assert.False(bed.ReadFrcd(0).Fault);
    }
}
