namespace IommuLayouts.Specs.Vtd;

/// <summary>VER_REG (offset 0x00, 32 bits): the architecture version the remapping unit implements (QEMU reports 1.0).</summary>
/// <remarks><see cref="Validate"/> reports reserved bits 8..31.</remarks>
[BitLayout(32, Name = "vtd.ver",
    Spec = "VT-d spec Version Register; checked against VirtualBox VTD_BF_VER_REG_*, Linux DMAR_VER_REG and DMAR_VER_MAJOR/DMAR_VER_MINOR, QEMU vtd_init (VER = 0x10)",
    Summary = "Version register (0x00)")]
public partial struct VersionRegister
{
    [Bits(0, 3, Doc = "MIN: minor version")]
    public partial byte Minor { readonly get; set; }

    [Bits(4, 7, Doc = "MAX: major version")]
    public partial byte Major { readonly get; set; }
}
