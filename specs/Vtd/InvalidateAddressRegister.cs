namespace IommuLayouts.Specs.Vtd;

/// <summary>IVA_REG (at ECAP.IRO * 16, 64 bits): the address range of a page-selective IOTLB_REG invalidation.</summary>
/// <remarks><see cref="Validate"/> reports reserved bits 7..11. AM above CAP.MAMV is the emulator's check.</remarks>
[BitLayout(64, Name = "vtd.iva",
    Spec = "VT-d spec Invalidate Address Register; checked against VirtualBox VTD_BF_IVA_REG_*, Linux DMAR_IVA_REG use in __iommu_flush_iotlb",
    Summary = "Invalidate address register (IRO*16)")]
public partial struct InvalidateAddressRegister
{
    [Bits(0, 5, Doc = "AM: address mask, 2^AM 4 KiB pages from ADDR")]
    public partial byte AddressMask { readonly get; set; }

    [Bit(6, Doc = "IH: invalidation hint, only leaf entries changed")]
    public partial bool InvalidationHint { readonly get; set; }

    [Bits(12, 63, Doc = "ADDR: input address of the first page"), Address]
    public partial ulong Address { readonly get; set; }
}
