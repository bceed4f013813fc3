using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// Interrupt remapping (issue 13): the IRTE walk for an interrupt request, its faults 0x20–0x28 in the fault-recording
/// registers, the interrupt-entry cache and its invalidation, and posting. Entries and messages are built with raw
/// words as the drivers write them: Linux drivers/iommu/intel/irq_remapping.c (<c>prepare_irte</c>, <c>set_irte_sid</c>,
/// <c>fill_msi_msg</c>: address_lo = 0xFEE00000 | 1 &lt;&lt; 4 (IR_EXT_INT) | 1 &lt;&lt; 3 (SHV) | (index &amp; 0x7FFF) &lt;&lt; 5 |
/// (index &gt;&gt; 15) &lt;&lt; 2, data = subhandle) and include/linux/dmar.h <c>struct irte</c> (present 0, fpd 1, dst_mode 2,
/// redir_hint 3, trigger_mode 4, dlvry_mode 5..7, pst 15, vector 16..23, dest_id 32..63; sid 64..79, sq 80..81, svt
/// 82..83); the expected messages are QEMU hw/i386/intel_iommu.c <c>vtd_generate_msi_message</c>'s (address 0xFEE |
/// dest[7:0] &lt;&lt; 12 | RH &lt;&lt; 3 | DM &lt;&lt; 2, high dword dest &amp; 0xFFFFFF00; data vector | DLM &lt;&lt; 8 | 1 &lt;&lt; 14 | TM &lt;&lt; 15).
/// </summary>
public sealed class InterruptRemappingTests
{
    private const ulong Table = 0x4000_0000;
    private const ulong Pid = 0x4100_0040;
    private const int Gcmd = 0x18;
    private const int Gsts = 0x1C;
    private const int Irta = 0xB8;
    private const uint Ire = 1u << 25;
    private const uint Sirtp = 1u << 24;
    private const uint Cfi = 1u << 23;

    private static readonly ushort Device = VtdTestBed.Device; // 00:03.0

    /// <summary>Linux fill_msi_msg's address for <paramref name="index"/> with SHV.</summary>
    private static ulong MsiAddress(int index, bool shv = true) =>
        0xFEE0_0000UL | (1UL << 4) | (shv ? 1UL << 3 : 0) | ((ulong)(index & 0x7FFF) << 5) | ((ulong)((index >> 15) & 1) << 2);

    /// <summary>Linux prepare_irte + set_irte_sid(SVT_VERIFY_SID_SQ, SQ_ALL_16, sid): a present remapped IRTE, RH set.</summary>
    private static (ulong Lo, ulong Hi) Irte(byte vector, uint dest, ushort sid, bool logical = false, bool fpd = false, int svt = 1, int sq = 0) =>
        (1UL | (fpd ? 2UL : 0) | (logical ? 4UL : 0) | 8UL | ((ulong)vector << 16) | ((ulong)dest << 32),
         sid | ((ulong)sq << 16) | ((ulong)svt << 18));

    private static VtdTestBed Bed(VtdCapabilities? caps = null) => new(scalable: false, caps);

    /// <summary>IRTA = table | S (2^(S+1) entries) | EIME, then SIRTP, then IRE (and CFI), as Linux iommu_set_irq_remapping / iommu_enable_irq_remapping.</summary>
    private static void EnableRemapping(VtdTestBed bed, int size = 7, bool eime = false, bool cfi = false)
    {
        Assert.True(bed.Vtd.WriteRegister(Irta, Table | (eime ? 1UL << 11 : 0) | (uint)size, 64));
        var gsts = (uint)bed.Vtd.ReadRegister(Gsts, 32);
        bed.Vtd.WriteRegister(Gcmd, gsts | Sirtp, 32);
        gsts = (uint)bed.Vtd.ReadRegister(Gsts, 32);
        bed.Vtd.WriteRegister(Gcmd, gsts | Ire | (cfi ? Cfi : 0), 32);
    }

    private static void WriteIrte(VtdTestBed bed, int index, (ulong Lo, ulong Hi) irte)
    {
        Assert.True(bed.Memory.TryWriteUInt64(Table + ((ulong)index * 16), irte.Lo));
        Assert.True(bed.Memory.TryWriteUInt64(Table + ((ulong)index * 16) + 8, irte.Hi));
    }

    private static VtdInterruptResult Interrupt(VtdTestBed bed, ulong address, uint data = 0, ushort? source = null) =>
        bed.Vtd.RemapInterrupt(new VtdInterruptRequest(source ?? Device, address, data));

    [Fact]
    public void Sirtp_ire_and_cfi_are_reported_in_gsts()
    {
        var bed = Bed();
        Assert.Equal(0UL, bed.Vtd.ReadRegister(Gsts, 32) & (Ire | Sirtp | Cfi));
        EnableRemapping(bed, cfi: true);
        Assert.Equal((ulong)(Ire | Sirtp | Cfi), bed.Vtd.ReadRegister(Gsts, 32) & (Ire | Sirtp | Cfi)); // GSTS.IRES 25, IRTPS 24, CFIS 23
        Assert.Equal(Table | 7, bed.Vtd.ReadRegister(Irta, 64));
        bed.Vtd.WriteRegister(Gcmd, 0, 32);
        Assert.Equal((ulong)Sirtp, bed.Vtd.ReadRegister(Gsts, 32) & (Ire | Sirtp | Cfi));
    }

    [Fact]
    public void Ecap_and_cap_report_ir_eim_pi_and_mhmv()
    {
        var bed = Bed();
        var ecap = bed.Vtd.ReadRegister(0x10, 64);
        Assert.Equal(0x18UL, ecap & 0x18);        // ECAP.IR (3), ECAP.EIM (4): Linux ecap_ir_support, ecap_eim_support
        Assert.Equal(0xFUL, (ecap >> 20) & 0xF);  // ECAP.MHMV (QEMU VTD_MHMV 0xf)
        Assert.Equal(1UL, (bed.Vtd.ReadRegister(0x08, 64) >> 59) & 1); // CAP.PI (Linux cap_pi_support)
        var off = Bed(new VtdCapabilities { InterruptRemapping = false, ExtendedInterruptMode = false, PostedInterrupts = false });
        Assert.Equal(0UL, off.Vtd.ReadRegister(0x10, 64) & 0xF00018);
    }

    [Fact]
    public void Interrupt_passes_unchanged_while_remapping_is_disabled()
    {
        var r = Interrupt(Bed(), 0xFEE0_1000, 0x4031);
        Assert.Equal(VtdInterruptOutcome.NotRemapped, r.Outcome);
        Assert.Equal(0xFEE0_1000UL, r.MessageAddress);
        Assert.Equal(0x4031u, r.MessageData);
    }

    [Fact]
    public void Remappable_interrupt_is_delivered_from_its_irte_in_xapic_mode()
    {
        var bed = Bed();
        EnableRemapping(bed);
        WriteIrte(bed, 5, Irte(0x31, 0x0200, Device)); // IRTE_DEST(2) = 2 << 8 in xAPIC mode
        var r = Interrupt(bed, MsiAddress(5));
        Assert.Equal(VtdInterruptOutcome.Remapped, r.Outcome);
        Assert.Equal(5, r.Index);
        Assert.Equal(0x31, r.Vector);
        Assert.Equal(2u, r.Destination);
        Assert.Equal(0xFEE0_2008UL, r.MessageAddress); // 0xFEE | 2 << 12 | RH << 3
        Assert.Equal(0x4031u, r.MessageData);          // vector | level << 14
    }

    [Fact]
    public void X2apic_mode_delivers_the_32_bit_destination()
    {
        var bed = Bed();
        EnableRemapping(bed, eime: true);
        WriteIrte(bed, 1, Irte(0x40, 0x0001_2345, Device, logical: true));
        var r = Interrupt(bed, MsiAddress(1));
        Assert.Equal(0x0001_2345u, r.Destination);
        Assert.Equal(0x0001_2300_FEE4_500CUL, r.MessageAddress); // high dword dest & 0xFFFFFF00, 0x45 << 12, RH, DM
    }

    [Fact]
    public void Subhandle_in_the_data_is_added_to_the_handle()
    {
        var bed = Bed();
        EnableRemapping(bed);
        WriteIrte(bed, 12, Irte(0x55, 0x0100, Device));
        var r = Interrupt(bed, MsiAddress(10), data: 2);
        Assert.Equal(12, r.Index);
        Assert.Equal(0x55, r.Vector);
    }

    [Fact]
    public void Handle_bit_15_comes_from_address_bit_2()
    {
        var bed = Bed();
        EnableRemapping(bed, size: 15);
        WriteIrte(bed, 0x8003, Irte(0x66, 0x0100, Device));
        Assert.Equal(0x66, Interrupt(bed, MsiAddress(0x8003, shv: false)).Vector);
    }

    [Fact]
    public void Ir_fault_records_the_index_in_fi_63_48_and_the_source_id()
    {
        var bed = Bed();
        EnableRemapping(bed); // 256 entries
        var r = Interrupt(bed, MsiAddress(300));
        Assert.Equal(FaultReason.InterruptIndexOutOfRange, r.Reason);
        Assert.True(r.Recorded);
        var lo = bed.Vtd.ReadRegister(0x220, 64);
        var hi = bed.Vtd.ReadRegister(0x228, 64);
        Assert.Equal(300UL << 48, lo);                 // QEMU VTD_FRCD_IR_IDX(index)
        Assert.Equal((ulong)Device, hi & 0xFFFF);      // VTD_FRCD_SID
        Assert.Equal(0x21UL, (hi >> 32) & 0xFF);       // VTD_FRCD_FR
        Assert.Equal(1UL, hi >> 63);                   // F
        Assert.Equal(0UL, (hi >> 62) & 1);             // T clear: QEMU vtd_report_ir_fault sets no T
        Assert.Equal(2u, bed.Fsts & 2);                // PPF
    }

    [Theory]
    [InlineData(0x1_FEE0_0018UL, 0u, 0x20)] // address bits 63:32 set (QEMU VTD_MSI_ADDR_HI_MASK)
    [InlineData(0xFED0_0018UL, 0u, 0x20)]   // bits 31:20 not 0xFEE
    [InlineData(0xFEE0_0018UL, 0x10000u, 0x20)] // SHV with data bits 31:16 set (VTD_IR_MSI_DATA_RESERVED)
    [InlineData(0xFEE0_0000UL, 0u, 0x25)]   // compatibility format while CFIS is clear
    public void Malformed_or_blocked_requests_fault_unqualified(ulong address, uint data, int reason)
    {
        var bed = Bed();
        EnableRemapping(bed);
        var r = Interrupt(bed, address, data);
        Assert.Equal(VtdInterruptOutcome.Faulted, r.Outcome);
        Assert.Equal((FaultReason)reason, r.Reason);
        Assert.True(r.Recorded);
    }

    [Fact]
    public void Compatibility_format_goes_through_with_cfi_and_is_blocked_in_x2apic_mode()
    {
        var bed = Bed();
        EnableRemapping(bed, cfi: true);
        var r = Interrupt(bed, 0xFEE0_1000, 0x30);
        Assert.Equal(VtdInterruptOutcome.Compatibility, r.Outcome);
        Assert.Equal(0xFEE0_1000UL, r.MessageAddress);

        // Spec §5.1.2.1 / VirtualBox: with IRTA.EIME set a compatibility-format interrupt is blocked even with CFIS.
        var x2 = Bed();
        EnableRemapping(x2, eime: true, cfi: true);
        Assert.Equal(FaultReason.CompatibilityFormatInterruptBlocked, Interrupt(x2, 0xFEE0_1000, 0x30).Reason);
    }

    [Fact]
    public void Unreadable_table_is_0x23()
    {
        var bed = Bed();
        EnableRemapping(bed);
        bed.Memory.AddFaultRegion(Table, 0x1000, MemoryFaults.Read);
        Assert.Equal(FaultReason.InterruptRemappingTableAccessError, Interrupt(bed, MsiAddress(1)).Reason);
    }

    [Fact]
    public void Not_present_reserved_and_source_id_faults_are_0x22_0x24_0x26()
    {
        var bed = Bed();
        EnableRemapping(bed);
        var good = Irte(0x31, 0x0100, Device);
        WriteIrte(bed, 2, (good.Lo | (1UL << 12), good.Hi));          // reserved bit 12 (QEMU __reserved_0)
        WriteIrte(bed, 3, (good.Lo | (0x01UL << 32), good.Hi));       // DST bit 0: reserved in xAPIC mode (VirtualBox XAPIC_VALID_MASK)
        WriteIrte(bed, 4, Irte(0x31, 0x0100, VtdTestBed.Sid(0, 4, 0))); // SVT = 1, another device
        WriteIrte(bed, 5, Irte(0x31, 0x0100, 0x0102, svt: 2));       // Linux set_irte_verify_bus(1, 2): buses 1..2, bus 0 outside
        WriteIrte(bed, 6, Irte(0x31, 0x0100, Device, svt: 3));         // SVT reserved: QEMU "take this as verification failure"
        Assert.Equal(FaultReason.IrteNotPresent, Interrupt(bed, MsiAddress(1)).Reason);
        Assert.Equal(FaultReason.IrteReservedBitSet, Interrupt(bed, MsiAddress(2)).Reason);
        Assert.Equal(FaultReason.IrteReservedBitSet, Interrupt(bed, MsiAddress(3)).Reason);
        Assert.Equal(FaultReason.InterruptSourceIdVerificationFailed, Interrupt(bed, MsiAddress(4)).Reason);
        Assert.Equal(FaultReason.InterruptSourceIdVerificationFailed, Interrupt(bed, MsiAddress(5)).Reason);
        Assert.Equal(FaultReason.InterruptSourceIdVerificationFailed, Interrupt(bed, MsiAddress(6)).Reason);
    }

    [Fact]
    public void Source_id_qualifier_ignores_function_bits_and_bus_range_accepts_its_buses()
    {
        var bed = Bed();
        EnableRemapping(bed);
        WriteIrte(bed, 1, Irte(0x31, 0x0100, VtdTestBed.Sid(0, 3, 0), sq: 3)); // SQ 3: function ignored (mask 0xFFF8)
        WriteIrte(bed, 2, Irte(0x32, 0x0100, 0x0003, svt: 2));                // set_irte_verify_bus(0, 3): start << 8 | end
        Assert.Equal(VtdInterruptOutcome.Remapped, Interrupt(bed, MsiAddress(1), source: VtdTestBed.Sid(0, 3, 5)).Outcome);
        Assert.Equal(VtdInterruptOutcome.Remapped, Interrupt(bed, MsiAddress(2), source: VtdTestBed.Sid(3, 0, 0)).Outcome);
        Assert.Equal(FaultReason.InterruptSourceIdVerificationFailed, Interrupt(bed, MsiAddress(2), source: VtdTestBed.Sid(4, 0, 0)).Reason);
    }

    [Fact]
    public void Irte_fpd_suppresses_its_qualified_faults_only()
    {
        var bed = Bed();
        EnableRemapping(bed);
        WriteIrte(bed, 1, (2UL, 0));                                            // not present, FPD set
        WriteIrte(bed, 2, Irte(0x31, 0x0100, VtdTestBed.Sid(0, 4, 0), fpd: true)); // SID mismatch, FPD set
        var notPresent = Interrupt(bed, MsiAddress(1));
        var sid = Interrupt(bed, MsiAddress(2));
        Assert.Equal(FaultReason.IrteNotPresent, notPresent.Reason);
        Assert.False(notPresent.Recorded);
        Assert.Equal(FaultReason.InterruptSourceIdVerificationFailed, sid.Reason);
        Assert.False(sid.Recorded);
        Assert.Equal(0u, bed.Fsts & 2);
        Assert.True(Interrupt(bed, MsiAddress(400)).Recorded); // 0x21 is not qualified
    }

    [Fact]
    public void Changed_irte_is_stale_until_a_global_iec_invalidation()
    {
        var bed = Bed();
        bed.EnableQueue(wide: false);
        EnableRemapping(bed);
        WriteIrte(bed, 7, Irte(0x31, 0x0100, Device));
        Assert.Equal(0x31, Interrupt(bed, MsiAddress(7)).Vector);
        WriteIrte(bed, 7, Irte(0x99, 0x0100, Device));
        Assert.Equal(0x31, Interrupt(bed, MsiAddress(7)).Vector); // cached
        Assert.Equal(1, bed.Vtd.InterruptEntryCacheCount);
        bed.Submit([0x4, 0]); // Linux qi_global_iec: QI_IEC_TYPE, granularity global
        Assert.Equal(0, bed.Vtd.InterruptEntryCacheCount);
        Assert.Equal(0x99, Interrupt(bed, MsiAddress(7)).Vector);
    }

    [Fact]
    public void Without_an_interrupt_entry_cache_a_changed_irte_is_used_at_once()
    {
        // The user's cache policy covers the IEC as it does the other caches: with none, every interrupt reads its IRTE.
        var bed = new VtdTestBed(scalable: false, caches: new VtdCacheOptions { InterruptEntryCache = CachePolicy.None });
        EnableRemapping(bed);
        WriteIrte(bed, 7, Irte(0x31, 0x0100, Device));
        Assert.Equal(0x31, Interrupt(bed, MsiAddress(7)).Vector);
        WriteIrte(bed, 7, Irte(0x99, 0x0100, Device));
        Assert.Equal(0x99, Interrupt(bed, MsiAddress(7)).Vector);
        Assert.Equal(0, bed.Vtd.InterruptEntryCacheCount);
    }

    [Fact]
    public void Index_selective_iec_invalidation_removes_the_masked_block_only()
    {
        var bed = Bed();
        bed.EnableQueue(wide: false);
        EnableRemapping(bed);
        foreach (var i in new[] { 8, 11, 12 })
        {
            WriteIrte(bed, i, Irte(0x31, 0x0100, Device));
            Interrupt(bed, MsiAddress(i));
            WriteIrte(bed, i, Irte(0x77, 0x0100, Device));
        }

        // Linux qi_flush_iec(iommu, 8, 2): QI_IEC_IIDEX(8) | QI_IEC_TYPE | QI_IEC_IM(2) | QI_IEC_SELECTIVE: entries 8..11.
        bed.Submit([(8UL << 32) | (2UL << 27) | 0x10 | 0x4, 0]);
        Assert.Equal(0x77, Interrupt(bed, MsiAddress(8)).Vector);
        Assert.Equal(0x77, Interrupt(bed, MsiAddress(11)).Vector);
        Assert.Equal(0x31, Interrupt(bed, MsiAddress(12)).Vector); // outside the block: still stale
    }

    [Fact]
    public void Iec_index_mask_above_mhmv_is_an_invalidation_queue_error()
    {
        var bed = Bed(new VtdCapabilities { MaximumHandleMaskValue = 2 });
        bed.EnableQueue(wide: false);
        bed.Submit([(3UL << 27) | 0x10 | 0x4, 0]);
        Assert.Equal(0x10u, bed.Fsts & 0x10); // IQE
        Assert.Equal((ulong)InvalidationQueueErrorInfo.ReservedFieldViolation, bed.Vtd.ReadRegister(0xB0, 64) & 0xF);
    }

    /// <summary>A posted IRTE (Linux struct irte: p_pst 15, p_urgent 14, p_vector 16..23, pda_l 38..63 = addr &gt;&gt; 6, pda_h 96..127).</summary>
    private static (ulong Lo, ulong Hi) PostedIrte(byte vector, ushort sid, bool urgent = false, ulong pid = Pid) =>
        (1UL | (urgent ? 1UL << 14 : 0) | (1UL << 15) | ((ulong)vector << 16) | ((pid >> 6) << 38),
         sid | (1UL << 18) | ((pid >> 32) << 32));

    /// <summary>Linux struct pi_desc: pir[0..255], then the control word: on 0, sn 1, nv 16..23, ndst 32..63.</summary>
    private static void WritePid(VtdTestBed bed, bool on = false, bool sn = false, byte nv = 0xF2, uint ndst = 0x0300)
    {
        for (var i = 0; i < 8; i++)
        {
            Assert.True(bed.Memory.TryWriteUInt64(Pid + ((ulong)i * 8), 0));
        }

        Assert.True(bed.Memory.TryWriteUInt64(Pid + 32, (on ? 1UL : 0) | (sn ? 2UL : 0) | ((ulong)nv << 16) | ((ulong)ndst << 32)));
    }

    private static ulong PidWord(VtdTestBed bed, int word)
    {
        Assert.True(bed.Memory.TryReadUInt64(Pid + ((ulong)word * 8), out var v));
        return v;
    }

    [Fact]
    public void Posted_interrupt_sets_its_pir_bit_and_on_and_sends_one_notification()
    {
        var bed = Bed();
        EnableRemapping(bed);
        WriteIrte(bed, 1, PostedIrte(0x45, Device));
        WritePid(bed);
        var r = Interrupt(bed, MsiAddress(1));
        Assert.Equal(VtdInterruptOutcome.Posted, r.Outcome);
        Assert.Equal(1UL << 5, PidWord(bed, 1));        // PIR bit 0x45 = word 1 bit 5
        Assert.Equal(1UL, PidWord(bed, 4) & 1);         // ON
        Assert.True(r.NotificationSent);
        Assert.Equal(0xF2, r.NotificationVector);
        Assert.Equal(3u, r.NotificationDestination);    // xAPIC: NDST bits 15:8
        Assert.Equal(Pid, r.DescriptorAddress);

        // ON already set: the bit is posted, no second notification (the CPU has not yet processed the first).
        WriteIrte(bed, 2, PostedIrte(0x46, Device));
        var second = Interrupt(bed, MsiAddress(2));
        Assert.False(second.NotificationSent);
        Assert.Equal(3UL << 5, PidWord(bed, 1));
        Assert.Equal(1, bed.Vtd.PostedNotificationCount);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Suppress_notification_holds_back_non_urgent_interrupts(bool urgent, bool notified)
    {
        var bed = Bed();
        EnableRemapping(bed);
        WriteIrte(bed, 1, PostedIrte(0x20, Device, urgent));
        WritePid(bed, sn: true);
        var r = Interrupt(bed, MsiAddress(1));
        Assert.Equal(notified, r.NotificationSent);
        Assert.Equal(1UL, (PidWord(bed, 0) >> 32) & 1);            // PIR bit 0x20 = word 0 bit 32, posted either way
        Assert.Equal(notified ? 1UL : 0UL, PidWord(bed, 4) & 1);   // ON only with a notification
    }

    [Fact]
    public void Posted_irte_without_cap_pi_is_0x24_and_pid_faults_are_0x27_0x28()
    {
        var noPi = Bed(new VtdCapabilities { PostedInterrupts = false });
        EnableRemapping(noPi);
        WriteIrte(noPi, 1, PostedIrte(0x20, Device));
        Assert.Equal(FaultReason.IrteReservedBitSet, Interrupt(noPi, MsiAddress(1)).Reason);

        var bed = Bed();
        EnableRemapping(bed);
        WriteIrte(bed, 1, PostedIrte(0x20, Device, pid: 0x4200_0000));
        bed.Memory.AddFaultRegion(0x4200_0000, 0x1000, MemoryFaults.Read);
        Assert.Equal(FaultReason.PostedInterruptDescriptorAccessError, Interrupt(bed, MsiAddress(1)).Reason);
        WriteIrte(bed, 2, PostedIrte(0x20, Device));
        WritePid(bed);
        Assert.True(bed.Memory.TryWriteUInt64(Pid + 40, 1)); // bit 320: Linux pi_desc rsvd[]
        Assert.Equal(FaultReason.PostedInterruptDescriptorReservedBitSet, Interrupt(bed, MsiAddress(2)).Reason);
    }
}
