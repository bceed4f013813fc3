namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// TTM, the translation table mode in RTADDR_REG bits 10..11 (VirtualBox <c>VTD_TTM_*</c>; EDK2
/// <c>V_RTADDR_REG_TTM_ADM</c>). Encoding 2 is reserved. Linux and QEMU only define the scalable-mode bit
/// (<c>DMA_RTADDR_SMT</c>, <c>VTD_RTADDR_SMT</c> = bit 10).
/// </summary>
public enum RootTableTranslationMode : byte
{
    /// <summary>Legacy mode: 128-bit root and context entries, second-stage translation only.</summary>
    Legacy = 0,

    /// <summary>Scalable mode: scalable-mode root and context entries, PASID directory and PASID table.</summary>
    Scalable = 1,

    /// <summary>Abort-DMA mode: every DMA request is blocked (needs ECAP.ADMS).</summary>
    AbortDma = 3,
}
