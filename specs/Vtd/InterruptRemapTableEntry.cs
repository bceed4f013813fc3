namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// An interrupt-remapping table entry (IRTE, 128 bits) in remapped format (IM = 0): the interrupt the remapping
/// unit delivers for an interrupt index. With IM = 1 the same 16 bytes are a <see cref="PostedInterruptRemapTableEntry"/>.
/// </summary>
/// <remarks>
/// <para>Fields from Linux include/linux/dmar.h <c>struct irte</c> (present, fpd, dst_mode, redir_hint, trigger_mode,
/// dlvry_mode, avail, pst, vector, dest_id, sid, sq, svt), QEMU <c>VTD_IR_TableEntry</c> and VirtualBox
/// <c>VTD_BF_0_IRTE_*</c>/<c>VTD_BF_1_IRTE_*</c>.</para>
/// <para><see cref="Validate"/> reports reserved bits 12..14, 24..31 and 84..127 (QEMU <c>__reserved_0/1/2</c>, fault
/// 0x24). In xAPIC mode (IRTA.EIME = 0) the destination's bits 7:0 and 31:16 are reserved too (VirtualBox
/// <c>VTD_IRTE_0_XAPIC_VALID_MASK</c>): that depends on the unit's mode, so it is <see cref="HasXapicReservedBits"/>.</para>
/// </remarks>
[BitLayout(128, Name = "vtd.irte",
    Spec = "VT-d spec Interrupt Remapping Table Entry (IRTE) for Remapped Interrupts; checked against Linux include/linux/dmar.h struct irte, QEMU hw/i386/intel_iommu_internal.h VTD_IR_TableEntry, VirtualBox include/VBox/iommu-intel.h VTD_BF_0_IRTE_*",
    Summary = "Interrupt-remapping table entry, remapped format")]
[Ignored(8, 11, Doc = "AVL: available to software")]
public partial struct InterruptRemapTableEntry
{
    [Bit(0, Doc = "P: present; when clear the interrupt faults with 0x22")]
    public partial bool Present { readonly get; set; }

    [Bit(1, Doc = "FPD: fault processing disable, suppresses the qualified faults 0x22, 0x24, 0x26 of this entry")]
    public partial bool FaultProcessingDisable { readonly get; set; }

    [Bit(2, Doc = "DM: destination mode, 0 physical, 1 logical")]
    public partial bool LogicalDestination { readonly get; set; }

    [Bit(3, Doc = "RH: redirection hint")]
    public partial bool RedirectionHint { readonly get; set; }

    [Bit(4, Doc = "TM: trigger mode, 0 edge, 1 level")]
    public partial bool LevelTriggered { readonly get; set; }

    [Bits(5, 7, Doc = "DLM: delivery mode (0 fixed, 1 lowest priority, 2 SMI, 4 NMI, 5 INIT, 7 ExtINT)")]
    public partial byte DeliveryMode { readonly get; set; }

    [Bit(15, Doc = "IM: IRTE mode, 0 remapped, 1 posted (needs CAP.PI; Linux irte.pst)")]
    public partial bool Posted { readonly get; set; }

    [Bits(16, 23, Doc = "V: vector")]
    public partial byte Vector { readonly get; set; }

    [Bits(32, 63, Doc = "DST: destination id; x2APIC mode: the 32-bit APIC id; xAPIC mode: the 8-bit APIC id in bits 15:8")]
    public partial uint Destination { readonly get; set; }

    [Bits(64, 79, Doc = "SID: source id checked against the requester (SVT)")]
    public partial ushort SourceId { readonly get; set; }

    [Bits(80, 81, Doc = "SQ: source-id qualifier, which low bits of the function number are ignored when SVT = 1")]
    public partial byte SourceIdQualifier { readonly get; set; }

    [Bits(82, 83, Doc = "SVT: source validation type, an InterruptSourceValidation")]
    public partial byte SourceValidationType { readonly get; set; }

    /// <summary>The typed view of <see cref="SourceValidationType"/>.</summary>
    public readonly InterruptSourceValidation SourceValidation => (InterruptSourceValidation)SourceValidationType;

    /// <summary>The xAPIC destination: DST bits 15:8 (QEMU <c>VTD_IR_APIC_DEST_MASK</c>, Linux <c>IRTE_DEST(dest) = dest &lt;&lt; 8</c>).</summary>
    public readonly byte XapicDestination => (byte)(Destination >> 8);

    /// <summary>True when DST bits 7:0 or 31:16, reserved in xAPIC mode, are set (VirtualBox <c>VTD_IRTE_0_XAPIC_VALID_MASK</c>).</summary>
    public readonly bool HasXapicReservedBits => (Destination & 0xFFFF_00FFu) != 0;

    /// <summary>
    /// True when <paramref name="requester"/> passes the SVT/SQ/SID check: SVT = 1 compares the ids under the SQ mask
    /// (0xFFFF, 0xFFFB, 0xFFF9, 0xFFF8: QEMU <c>vtd_svt_mask</c>), SVT = 2 needs the requester's bus within SID[15:8] (start) ..
    /// SID[7:0] (end) (Linux irq_remapping.c set_irte_verify_bus: <c>start_bus &lt;&lt; 8 | end_bus</c>; QEMU vtd_irte_get reads
    /// them the other way round, bus_max = SID &gt;&gt; 8);
    /// SVT = 0 checks nothing; SVT = 3 is reserved and fails (QEMU <c>vtd_irte_get</c>: "take this as verification failure").
    /// </summary>
    public readonly bool VerifiesSource(ushort requester)
    {
        switch (SourceValidation)
        {
            case InterruptSourceValidation.None:
                return true;
            case InterruptSourceValidation.RequesterId:
                var mask = SourceIdQualifier switch { 0 => 0xFFFF, 1 => 0xFFFB, 2 => 0xFFF9, _ => 0xFFF8 };
                return (SourceId & mask) == (requester & mask);
            case InterruptSourceValidation.BusRange:
                var bus = requester >> 8;
                return bus >= (SourceId >> 8) && bus <= (SourceId & 0xFF);
            default:
                return false;
        }
    }
}
