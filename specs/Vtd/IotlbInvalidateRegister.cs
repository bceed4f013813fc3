using System.Globalization;

namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// IOTLB_REG (at ECAP.IRO * 16 + 8, 64 bits): register-based IOTLB invalidation, with IVA_REG
/// (<see cref="InvalidateAddressRegister"/>) for page-selective requests. QEMU places it at 0xF8.
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports reserved bits 0..31, 50..56, 59, 62 and, when IVT is set, the reserved request
/// granularity 0 (rule <c>IOTLB.IIRG</c>). IIRG and IAIG are stored raw because an idle register holds 0;
/// <see cref="RequestGranularity"/> and <see cref="ActualGranularity"/> are the typed views.
/// </remarks>
[BitLayout(64, Name = "vtd.iotlb-reg",
    Spec = "VT-d spec IOTLB Invalidate Register; checked against Linux DMA_TLB_*, QEMU VTD_TLB_*, VirtualBox VTD_BF_IOTLB_REG_*",
    Summary = "IOTLB invalidate register (IRO*16 + 8)")]
public partial struct IotlbInvalidateRegister
{
    [Bits(32, 47, Doc = "DID: domain id (domain and page granularity)")]
    public partial ushort DomainId { readonly get; set; }

    [Bit(48, Doc = "DW: drain writes")]
    public partial bool DrainWrites { readonly get; set; }

    [Bit(49, Doc = "DR: drain reads")]
    public partial bool DrainReads { readonly get; set; }

    [Bits(57, 58, Doc = "IAIG: actual invalidation granularity, an IotlbGranularity written by hardware")]
    public partial byte Iaig { readonly get; set; }

    [Bits(60, 61, Doc = "IIRG: requested invalidation granularity, an IotlbGranularity: 1 global, 2 domain, 3 page; 0 reserved (rule IOTLB.IIRG when IVT=1)")]
    public partial byte Iirg { readonly get; set; }

    [Bit(63, Doc = "IVT: invalidate IOTLB; set by software, cleared by hardware on completion")]
    public partial bool InvalidateIotlb { readonly get; set; }

    /// <summary>The typed view of <see cref="Iirg"/>.</summary>
    public IotlbGranularity RequestGranularity
    {
        readonly get => (IotlbGranularity)Iirg;
        set => Iirg = (byte)value;
    }

    /// <summary>The typed view of <see cref="Iaig"/>.</summary>
    public IotlbGranularity ActualGranularity
    {
        readonly get => (IotlbGranularity)Iaig;
        set => Iaig = (byte)value;
    }

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (InvalidateIotlb && Iirg == 0)
        {
            sink.Report("IOTLB.IIRG", 60, 61, string.Create(CultureInfo.InvariantCulture, $"IIRG = {Iirg} is a reserved granularity"));
        }
    }
}
