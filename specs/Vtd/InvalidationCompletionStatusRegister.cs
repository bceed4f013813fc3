namespace IommuLayouts.Specs.Vtd;

/// <summary>ICS_REG (offset 0x9C, 32 bits): set by an invalidation wait descriptor with IF.</summary>
/// <remarks><see cref="Validate"/> reports reserved bits 1..31.</remarks>
[BitLayout(32, Name = "vtd.ics",
    Spec = "VT-d spec Invalidation Completion Status Register; checked against VirtualBox VTD_BF_ICS_REG_*, QEMU VTD_ICS_IWC, Linux DMAR_ICS_REG",
    Summary = "Invalidation completion status register (0x9C)")]
public partial struct InvalidationCompletionStatusRegister
{
    [Bit(0, Doc = "IWC: invalidation wait descriptor complete (RW1C)")]
    public partial bool InvalidationWaitComplete { readonly get; set; }
}
