namespace IommuLayouts.Specs.Vtd;

/// <summary>FECTL_REG (offset 0x38, 32 bits): masking of the fault-event interrupt (FEDATA/FEADDR/FEUADDR).</summary>
/// <remarks><see cref="Validate"/> reports reserved bits 0..29. QEMU resets it with IM set.</remarks>
[BitLayout(32, Name = "vtd.fectl",
    Spec = "VT-d spec Fault Event Control Register; checked against Linux DMA_FECTL_IM, QEMU VTD_FECTL_*, VirtualBox VTD_BF_FECTL_REG_*",
    Summary = "Fault event control register (0x38)")]
public partial struct FaultEventControlRegister
{
    [Bit(30, Doc = "IP: interrupt pending, a fault event was held back by IM (read-only)")]
    public partial bool InterruptPending { readonly get; set; }

    [Bit(31, Doc = "IM: interrupt mask")]
    public partial bool InterruptMask { readonly get; set; }
}
