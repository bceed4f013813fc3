namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// The address of an interrupt request (a DMA write to 0xFEEx_xxxx) as the remapping unit decodes it: bit 4 selects
/// the remappable format, whose 16-bit handle and subhandle-valid flag index the interrupt-remapping table.
/// </summary>
/// <remarks>
/// Layout from QEMU hw/i386/intel_iommu_internal.h <c>VTD_IR_MSIAddress</c> (__not_care:2, index_h:1, sub_valid:1,
/// int_mode:1, index_l:15, __head:12) and VirtualBox <c>VTD_BF_REMAPPABLE_MSI_ADDR_*</c>. <see cref="Validate"/>
/// reports bits 32..63 (QEMU <c>VTD_MSI_ADDR_HI_MASK</c>: fault 0x20) and rule <c>MSI.HEAD</c> when bits 31:20 are not
/// 0xFEE (QEMU <c>__head != 0xfee</c>: 0x20). A compatibility-format address (bit 4 clear) has other fields below bit
/// 20; only <see cref="Remappable"/> and the head are read from it.
/// </remarks>
[BitLayout(64, Name = "vtd.msi-addr-remap",
    Spec = "VT-d spec Interrupt Requests in Remappable Format (address); checked against QEMU VTD_IR_MSIAddress and vtd_interrupt_remap_msi, VirtualBox VTD_BF_REMAPPABLE_MSI_ADDR_*, Linux irq_remapping.c fill_msi_msg",
    Summary = "Interrupt request address, remappable format")]
[Ignored(0, 1, Doc = "don't care (QEMU __not_care, kept in the remapped message)")]
public partial struct RemappableInterruptAddress
{
    /// <summary>Bits 31:20 of every interrupt request address.</summary>
    public const ushort InterruptAddressHead = 0xFEE;

    [Bit(2, Doc = "HANDLE[15]: bit 15 of the interrupt handle")]
    public partial bool HandleHigh { readonly get; set; }

    [Bit(3, Doc = "SHV: subhandle valid, the data's bits 15:0 are added to the handle")]
    public partial bool SubhandleValid { readonly get; set; }

    [Bit(4, Doc = "Interrupt format: 1 remappable, 0 compatibility")]
    public partial bool Remappable { readonly get; set; }

    [Bits(5, 19, Doc = "HANDLE[14:0]: bits 14:0 of the interrupt handle")]
    public partial ushort HandleLow { readonly get; set; }

    [Bits(20, 31, Doc = "0xFEE: the interrupt address range (rule MSI.HEAD)")]
    public partial ushort AddressHead { readonly get; set; }

    /// <summary>The 16-bit handle HANDLE[15]:HANDLE[14:0] (QEMU <c>index_h &lt;&lt; 15 | index_l</c>).</summary>
    public ushort Handle
    {
        readonly get => (ushort)((HandleHigh ? 0x8000 : 0) | HandleLow);
        set
        {
            HandleHigh = (value & 0x8000) != 0;
            HandleLow = (ushort)(value & 0x7FFF);
        }
    }

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (AddressHead != InterruptAddressHead)
        {
            sink.Report("MSI.HEAD", 20, 31, "address bits 31:20 are not 0xFEE");
        }
    }
}
