namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// RTADDR_REG (offset 0x20, 64 bits): the root table and the translation table mode, latched by GCMD.SRTP.
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports reserved bits 0..9 and the reserved TTM encoding 2 (<c>ENUM</c>). RTA above the host
/// address width, Scalable without ECAP.SMTS and AbortDma without ECAP.ADMS are the emulator's checks. QEMU stores
/// bit 11 but only looks at bit 10 (<c>VTD_RTADDR_SMT</c>).
/// </remarks>
[BitLayout(64, Name = "vtd.rtaddr",
    Spec = "VT-d spec Root Table Address Register; checked against VirtualBox VTD_BF_RTADDR_REG_*/VTD_TTM_*, EDK2 V_RTADDR_REG_TTM_*, Linux DMA_RTADDR_SMT, QEMU VTD_RTADDR_*",
    Summary = "Root-table address register (0x20)")]
public partial struct RootTableAddressRegister
{
    [Bits(10, 11, Doc = "TTM: translation table mode, a RootTableTranslationMode: 0 legacy, 1 scalable, 3 abort-DMA; 2 reserved")]
    public partial RootTableTranslationMode TranslationTableMode { readonly get; set; }

    [Bits(12, 63, Doc = "RTA: 4 KiB-aligned physical address of the root table"), Address]
    public partial ulong RootTableAddress { readonly get; set; }
}
