namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// IQA_REG (offset 0x90, 64 bits): base, size and descriptor width of the invalidation queue, latched by GCMD.QIE.
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports reserved bits 3..10. DW = 1 without ECAP.SMTS is ignored by QEMU (an emulator
/// matter). Linux in scalable mode writes <c>base | BIT(11) | 1</c>: two pages of 256-bit descriptors.
/// </remarks>
[BitLayout(64, Name = "vtd.iqa",
    Spec = "VT-d spec Invalidation Queue Address Register; checked against VirtualBox VTD_BF_IQA_REG_*, QEMU VTD_IQA_*, Linux dmar.c __dmar_enable_qi",
    Summary = "Invalidation queue address register (0x90)")]
public partial struct InvalidationQueueAddressRegister
{
    [Bits(0, 2, Doc = "QS: queue size, 2^QS 4 KiB pages (2^(QS+8) 128-bit or 2^(QS+7) 256-bit descriptors)")]
    public partial byte QueueSize { readonly get; set; }

    [Bit(11, Doc = "DW: descriptor width, 0 = 128-bit, 1 = 256-bit descriptors")]
    public partial bool WideDescriptors { readonly get; set; }

    [Bits(12, 63, Doc = "IQA: 4 KiB-aligned physical address of the queue"), Address]
    public partial ulong QueueBase { readonly get; set; }

    /// <summary>Bytes per descriptor: 32 when DW is set, else 16.</summary>
    public readonly int DescriptorSize => InvalidationQueue.DescriptorSize(WideDescriptors);

    /// <summary>Descriptors the queue holds: 2^(QS + 8 - DW) (QEMU <c>vtd_update_iq_dw</c>/<c>iq_size</c>).</summary>
    public readonly int DescriptorCount => 1 << (QueueSize + 8 - (WideDescriptors ? 1 : 0));
}
