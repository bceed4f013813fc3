namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// An interrupt-remapping table entry in posted format (IM = 1, needs CAP.PI): the interrupt is recorded in a
/// posted-interrupt descriptor (<see cref="PostedInterruptDescriptor"/>) instead of being delivered.
/// </summary>
/// <remarks>
/// Fields from Linux include/linux/dmar.h <c>struct irte</c> (p_present, p_fpd, p_res0:6, p_avail:4, p_res1:2, p_urgent,
/// p_pst, p_vector, p_res2:14, pda_l:26; sid, sq, svt, p_res3:12, pda_h:32). <see cref="Validate"/> reports reserved
/// bits 2..7, 12..13, 24..37 and 84..95 (fault 0x24).
/// </remarks>
[BitLayout(128, Name = "vtd.irte-posted",
    Spec = "VT-d spec Interrupt Remapping Table Entry (IRTE) for Posted Interrupts; checked against Linux include/linux/dmar.h struct irte (posted fields) and drivers/iommu/intel/irq_remapping.c intel_ir_reconfigure_irte_posted",
    Summary = "Interrupt-remapping table entry, posted format")]
[Ignored(8, 11, Doc = "AVL: available to software")]
public partial struct PostedInterruptRemapTableEntry
{
    [Bit(0, Doc = "P: present")]
    public partial bool Present { readonly get; set; }

    [Bit(1, Doc = "FPD: fault processing disable for the qualified faults of this entry")]
    public partial bool FaultProcessingDisable { readonly get; set; }

    [Bit(14, Doc = "URG: urgent, a notification is sent even when the descriptor's SN is set")]
    public partial bool Urgent { readonly get; set; }

    [Bit(15, Doc = "IM: IRTE mode, 1 for this format")]
    public partial bool Posted { readonly get; set; }

    [Bits(16, 23, Doc = "VV: virtual vector, the PIR bit set in the descriptor")]
    public partial byte VirtualVector { readonly get; set; }

    [Bits(38, 63, Doc = "PDA_L: posted-interrupt descriptor address bits 31:6")]
    public partial uint DescriptorAddressLow { readonly get; set; }

    [Bits(64, 79, Doc = "SID: source id checked against the requester (SVT)")]
    public partial ushort SourceId { readonly get; set; }

    [Bits(80, 81, Doc = "SQ: source-id qualifier")]
    public partial byte SourceIdQualifier { readonly get; set; }

    [Bits(82, 83, Doc = "SVT: source validation type, an InterruptSourceValidation")]
    public partial byte SourceValidationType { readonly get; set; }

    [Bits(96, 127, Doc = "PDA_H: posted-interrupt descriptor address bits 63:32")]
    public partial uint DescriptorAddressHigh { readonly get; set; }

    /// <summary>The 64-byte-aligned descriptor address PDA_H:PDA_L (Linux <c>pda_l = addr &gt;&gt; 6</c>, <c>pda_h = addr &gt;&gt; 32</c>).</summary>
    public ulong DescriptorAddress
    {
        readonly get => ((ulong)DescriptorAddressHigh << 32) | ((ulong)DescriptorAddressLow << 6);
        set
        {
            DescriptorAddressLow = (uint)(value >> 6) & 0x3FF_FFFF;
            DescriptorAddressHigh = (uint)(value >> 32);
        }
    }

    /// <summary>The SID/SQ/SVT check, which both formats share (<see cref="InterruptRemapTableEntry.VerifiesSource"/>).</summary>
    public readonly bool VerifiesSource(ushort requester) =>
        new InterruptRemapTableEntry { SourceId = SourceId, SourceIdQualifier = SourceIdQualifier, SourceValidationType = SourceValidationType }.VerifiesSource(requester);
}
