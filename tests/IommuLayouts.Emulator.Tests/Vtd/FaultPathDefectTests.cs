using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.PageTables;
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
        pe.Pgtt = PasidGranularTranslationType.PassThrough;
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
    // ---- 2: legacy pass-through context with an unsupported AW -------------------------------------------

    [Theory]
    [InlineData(2)] // AW = 0 (2 levels): not in the default SAGAW (AW 1..3)
    [InlineData(6)] // AW = 4: reserved
    public void Legacy_pass_through_context_with_an_aw_outside_sagaw_is_invalid(int levels)
    {
        // QEMU vtd_dev_to_context_entry: for every legacy context, vtd_is_sl_level_supported(vtd_ce_get_level(ce))
        // is checked before vtd_ce_type_check, both VTD_FR_CONTEXT_ENTRY_INV (0x03). Spec Rev. 5.10 Table 30
        // LCT.4.1: "the Address-Width (AW) field is programmed with a value not supported by hardware", 3h, with no
        // exception for TT = 10b; Linux context_setup_pass_through / domain_context_mapping_one program AW =
        // iommu->msagaw in pass-through ("AW must be programmed to indicate the largest AGAW value supported").
        var bed = new VtdTestBed(scalable: false);
        bed.LegacyContext(Device, 0, levels, did: 1, tt: ContextTranslationType.PassThrough);
        bed.Enable();
        var t = bed.Translate(Device, 0x1234_5000, AccessKind.Write);
        Assert.Equal(VtdOutcome.Faulted, t.Outcome);
        Assert.Equal(FaultReason.ContextEntryInvalid, t.Reason);
        Assert.True(t.Recorded);
        Assert.Equal(0x03, bed.ReadFrcd(0).Fr);
    }

    [Fact]
    public void Legacy_pass_through_context_with_the_largest_sagaw_translates()
    {
        // Linux: AW = msagaw (the largest supported AGAW; AW 3 with the default SAGAW AW 1..3).
        var bed = new VtdTestBed(scalable: false);
        bed.LegacyContext(Device, 0, 5, did: 1, tt: ContextTranslationType.PassThrough);
        bed.Enable();
        var t = bed.Translate(Device, 0x1234_5678, AccessKind.Write);
        Assert.True(t.PassThrough);
        Assert.Equal(0x1234_5678UL, t.OutputAddress);
    }
    // ---- 3: FPD and reserved bits of the same PASID entry -------------------------------------------------

    /// <summary>A first-stage PASID 5 entry (FPD as given) whose word 0 gets <paramref name="orWord0"/> and loses <paramref name="clearWord0"/>.</summary>
    private static VtdTestBed PasidEntryWith(bool entryFpd, ulong orWord0 = 0, ulong clearWord0 = 0, bool contextFpd = false)
    {
        var bed = new VtdTestBed(scalable: true);
        var fs = bed.Tables(VtdTableFormat.FirstStage, 4);
        fs.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.ScalableContext(Device, fpd: contextFpd);
        var pe = VtdTestBed.FirstStageEntry(fs.RootAddress, 4, did: 2);
        pe.FaultProcessingDisable = entryFpd;
        bed.SetPasidEntry(Device, 5, pe);
        var address = bed.PasidEntryAddress(Device, 5);
        Assert.True(bed.Memory.TryReadUInt64(address, out var word0));
        Assert.True(bed.Memory.TryWriteUInt64(address, (word0 | orWord0) & ~clearWord0));
        bed.Enable();
        return bed;
    }

    [Fact]
    public void Reserved_bit_fault_of_a_pasid_entry_is_recorded_whatever_its_own_fpd()
    {
        // Spec Rev. 5.10 Table 30 SPT.3 (5Ah, qualified: "Yes"): a non-zero reserved field in a present PASID-table
        // entry. The entry's own FPD applies only once the entry is well formed: QEMU vtd_ce_get_pasid_fpd reads the
        // entry through vtd_get_pe_in_pasid_leaf_table, whose checks (vtd_pe_type_check, the level checks) return their
        // fault before `pe.val[0] & VTD_PASID_ENTRY_FPD` is looked at, so such a fault is judged by the context and
        // directory FPD only. Bit 10 of word 0 is RES0 (specs/Vtd/PasidEntry.cs: bits 10..11, from VirtualBox's reserved sets).
        var bed = PasidEntryWith(entryFpd: true, orWord0: 1UL << 10);
        var t = bed.Translate(Device, 0x1000, pasid: 5);
        Assert.Equal(FaultReason.ScalablePasidEntryReservedBitSet, t.Reason);
        Assert.True(t.Recorded);
        Assert.Equal(0x5A, bed.ReadFrcd(0).Fr);
    }

    [Fact]
    public void Invalid_programming_fault_of_a_pasid_entry_is_recorded_whatever_its_own_fpd()
    {
        // The same order for SPT.4 (5Bh): QEMU vtd_get_pe_in_pasid_leaf_table returns VTD_FR_PASID_TABLE_ENTRY_INV for
        // an unsupported PGTT before vtd_ce_get_pasid_fpd reads the entry's FPD. PGTT = 0 with P = 1.
        var bed = PasidEntryWith(entryFpd: true, clearWord0: 7UL << 6);
        var t = bed.Translate(Device, 0x1000, pasid: 5);
        Assert.Equal(FaultReason.ScalablePasidEntryInvalid, t.Reason);
        Assert.True(t.Recorded);
    }

    [Fact]
    public void Reserved_bit_fault_of_a_pasid_entry_is_suppressed_by_the_context_fpd()
    {
        // 0x5A is qualified (SPT.3 "Yes"): an FPD met before the entry, in the context entry, suppresses it (spec 7.1.1).
        var bed = PasidEntryWith(entryFpd: false, orWord0: 1UL << 10, contextFpd: true);
        var t = bed.Translate(Device, 0x1000, pasid: 5);
        Assert.Equal(FaultReason.ScalablePasidEntryReservedBitSet, t.Reason);
        Assert.False(t.Recorded);
    }

    [Fact]
    public void Fpd_of_a_well_formed_pasid_entry_suppresses_its_translation_faults()
    {
        // A well-formed entry's FPD applies to what follows it: 0x71 (SFS.2, qualified) is not recorded.
        var bed = PasidEntryWith(entryFpd: true);
        var t = bed.Translate(Device, 0x9000, pasid: 5);
        Assert.Equal(FaultReason.ScalableFirstStagePagingEntryNotPresent, t.Reason);
        Assert.False(t.Recorded);
        Assert.Equal(VtdOutcome.Translated, bed.Translate(Device, 0x1000, pasid: 5).Outcome);
    }
    // ---- 4: the fault-recording index ---------------------------------------------------------------------

    /// <summary>Two fault-recording registers; 0x1000 is mapped read-only, so a write there faults (0x05).</summary>
    private static VtdTestBed TwoRecords()
    {
        var bed = new VtdTestBed(scalable: false, new VtdCapabilities { FaultRecordingRegisters = 2 });
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        tables.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read);
        bed.LegacyContext(Device, tables.RootAddress, 4, did: 1);
        bed.Enable();
        return bed;
    }

    /// <summary>Linux dmar_fault: from FSTS.FRI, clear F of each pending record in turn, then write PFO | PPF to FSTS.</summary>
    private static void Drain(VtdTestBed bed)
    {
        int index = FaultStatusRegister.FromWords([bed.Fsts]).FaultRecordIndex;
        while (bed.ReadFrcd(index).Fault)
        {
            Assert.True(bed.Vtd.WriteRegister((ulong)(VtdTestBed.FrcdOffset + (16 * index) + 12), 0x8000_0000, 32));
            index = (index + 1) % 2;
        }

        Assert.True(bed.Vtd.WriteRegister(0x34, 3, 32));
        Assert.Equal(0u, bed.Fsts & 3);
    }

    [Fact]
    public void Fault_recording_index_is_reset_when_translation_and_interrupt_remapping_are_disabled()
    {
        // Spec Rev. 5.10 §7.2.1: the internal index "is reset to zero when both address and interrupt translations are
        // disabled (i.e., TES and IES fields Clear in Global Status Register), and increments whenever a fault is
        // recorded". This unit has no interrupt remapping (IES stays 0), so clearing TE resets it.
        var bed = TwoRecords();
        Assert.True(bed.Translate(Device, 0x1000, AccessKind.Write).Recorded);
        Assert.True(bed.ReadFrcd(0).Fault);
        Drain(bed);

        Assert.True(bed.Vtd.WriteRegister(0x18, 0, 32)); // TE = 0
        Assert.Equal(0u, bed.Vtd.ReadRegister(0x1C, 32) & (1u << 31));
        bed.Enable();

        Assert.True(bed.Translate(Device, 0x1000, AccessKind.Write).Recorded);
        Assert.True(bed.ReadFrcd(0).Fault);
        Assert.False(bed.ReadFrcd(1).Fault);
        Assert.Equal(0, FaultStatusRegister.FromWords([bed.Fsts]).FaultRecordIndex);
    }

    [Fact]
    public void Fault_recording_index_is_kept_across_a_drain()
    {
        // Spec Rev. 5.10 §7.2.1: after software clears F and PFO, "hardware continues to record new faults starting
        // from the Fault Recording Register referenced by the current internal index"; Linux dmar_fault reads FSTS.FRI
        // and walks the records circularly, so it needs no reset. Clearing PPF and PFO alone does not reset the index.
        var bed = TwoRecords();
        Assert.True(bed.Translate(Device, 0x1000, AccessKind.Write).Recorded);
        Drain(bed);

        Assert.True(bed.Translate(Device, 0x1000, AccessKind.Write).Recorded);
        Assert.False(bed.ReadFrcd(0).Fault);
        Assert.True(bed.ReadFrcd(1).Fault);
        Assert.Equal(1, FaultStatusRegister.FromWords([bed.Fsts]).FaultRecordIndex);
    }
    // ---- first-stage G bit ----------------------------------------------------------------------------------

    [Fact]
    public void First_stage_global_bit_is_ignored()
    {
        // Spec Rev. 5.10 Tables 36, 38 and 40 (first-stage entries mapping a 1-GByte, 2-MByte or 4-KByte page):
        // "8 G: Global: Hardware ignores this bit and functions as if G bit was Clear". A leaf with G = 1 is cached for
        // its own (DID, PASID) only: another PASID of the domain does not hit it, and a PASID-selective P_IOTLB
        // invalidation removes it (Table 24: tags DID, PASID), where Linux's older name QI_GRAN_NONG_PASID
        // ("non-global within PASID") would have kept a global entry.
        var bed = new VtdTestBed(scalable: true);
        var own = bed.Tables(VtdTableFormat.FirstStage, 4);
        own.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        var leaf = own.FindEntryAddress(0x1000, 1)!.Value;
        Assert.True(bed.Memory.TryReadUInt64(leaf, out var word));
        var pte = new FirstStagePageTableEntry(word) { Global = true };
        Assert.True(bed.Memory.TryWriteUInt64(leaf, pte.Word));
        var other = bed.Tables(VtdTableFormat.FirstStage, 4);
        other.Map(0x1000, 0x6000_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.ScalableContext(Device);
        bed.SetPasidEntry(Device, 5, VtdTestBed.FirstStageEntry(own.RootAddress, 4, did: 1));
        bed.SetPasidEntry(Device, 6, VtdTestBed.FirstStageEntry(other.RootAddress, 4, did: 1));
        bed.Enable();
        bed.EnableQueue(wide: true);

        Assert.Equal(0x5000_0000UL, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
        Assert.Equal(0x6000_0000UL, bed.Translate(Device, 0x1000, pasid: 6).OutputAddress);

        own.Map(0x1000, 0x7000_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        Assert.Equal(0x5000_0000UL, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress); // stale until invalidated
        var invalidation = new PasidIotlbInvalidateDescriptor { TypeLow = 6, Granularity = PasidIotlbGranularity.Pasid, DomainId = 1, Pasid = 5 };
        bed.Submit([invalidation.GetWord(0), invalidation.GetWord(1), invalidation.GetWord(2), invalidation.GetWord(3)]);
        Assert.Equal(0x7000_0000UL, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
    }
}
