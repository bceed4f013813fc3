namespace IommuLayouts.Specs.Vtd;

/// <summary>IQERCD_REG (offset 0xB0, 64 bits, read-only): details of the last invalidation-queue error (FSTS.IQE/ICE/ITE).</summary>
/// <remarks><see cref="Validate"/> reports reserved bits 4..31 and an undefined IQEI (<c>ENUM</c>).</remarks>
[BitLayout(64, Name = "vtd.iqercd",
    Spec = "VT-d spec Invalidation Queue Error Record Register; checked against VirtualBox VTD_BF_IQERCD_REG_*/VTDIQEI, Linux DMAR_IQER_REG_*",
    Summary = "Invalidation queue error record register (0xB0)")]
public partial struct InvalidationQueueErrorRecordRegister
{
    [Bits(0, 3, Doc = "IQEI: invalidation-queue error information, an InvalidationQueueErrorInfo")]
    public partial InvalidationQueueErrorInfo ErrorInfo { readonly get; set; }

    [Bits(32, 47, Doc = "ITESID: source id of the device-TLB invalidation that timed out (FSTS.ITE)")]
    public partial ushort TimeoutErrorSourceId { readonly get; set; }

    [Bits(48, 63, Doc = "ICESID: source id of the device-TLB invalidation whose completion was in error (FSTS.ICE)")]
    public partial ushort CompletionErrorSourceId { readonly get; set; }
}
