namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// FEADDR_REG (offset 0x40) and IEADDR_REG (0xA8), 32 bits: the low message address of the fault event and of the
/// invalidation-completion event interrupts; bits 1:0 are reserved (the address is dword-aligned).
/// </summary>
/// <remarks><see cref="Validate"/> reports reserved bits 0..1. Linux writes the MSI address_lo here (dmar_msi_write); QEMU keeps only bits 31:2 (<c>VTD_FEADDR_REG</c> writable mask 0xfffffffc).</remarks>
[BitLayout(32, Name = "vtd.event-address",
    Spec = "VT-d spec Fault Event Address Register and Invalidation Event Address Register; Linux DMAR_FEADDR_REG/DMAR_IEADDR_REG; QEMU hw/i386/intel_iommu.c vtd_define_long(DMAR_FEADDR_REG, 0, 0xfffffffcUL, 0)",
    Summary = "Fault or invalidation event address register (0x40, 0xA8)")]
public partial struct EventAddressRegister
{
    [Bits(2, 31, Doc = "MA: message address bits 31:2 of the interrupt message"), Address]
    public partial ulong MessageAddress { readonly get; set; }
}
