namespace IommuLayouts.Specs.Vtd;

/// <summary>The data of a remappable-format interrupt request: the subhandle, added to the handle when SHV is set.</summary>
/// <remarks><see cref="Validate"/> reports bits 16..31, reserved when SHV is set (QEMU <c>VTD_IR_MSI_DATA_RESERVED</c>: fault 0x20).</remarks>
[BitLayout(32, Name = "vtd.msi-data-remap",
    Spec = "VT-d spec Interrupt Requests in Remappable Format (data); checked against QEMU vtd_interrupt_remap_msi VTD_IR_MSI_DATA_SUBHANDLE / VTD_IR_MSI_DATA_RESERVED",
    Summary = "Interrupt request data, remappable format")]
public partial struct RemappableInterruptData
{
    [Bits(0, 15, Doc = "Subhandle: added to the address's handle when SHV is set (QEMU VTD_IR_MSI_DATA_SUBHANDLE)")]
    public partial ushort Subhandle { readonly get; set; }
}
