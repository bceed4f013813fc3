using System.Globalization;

namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// CCMD_REG (offset 0x28, 64 bits): register-based context-cache invalidation. Software writes ICC = 1 with a
/// granularity; hardware clears ICC and reports the granularity it actually used in CAIG.
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports reserved bits 34..58 and, when ICC is set, the reserved request granularity 0
/// (rule <c>CCMD.CIRG</c>). CIRG and CAIG are stored raw because an idle register holds 0;
/// <see cref="RequestGranularity"/> and <see cref="ActualGranularity"/> are the typed views. QEMU ignores this register
/// while queued invalidation is enabled.
/// </remarks>
[BitLayout(64, Name = "vtd.ccmd",
    Spec = "VT-d spec Context Command Register; checked against Linux DMA_CCMD_*, QEMU VTD_CCMD_*, VirtualBox VTD_BF_CCMD_REG_*",
    Summary = "Context command register (0x28)")]
public partial struct ContextCommandRegister
{
    [Bits(0, 15, Doc = "DID: domain id (domain and device granularity)")]
    public partial ushort DomainId { readonly get; set; }

    [Bits(16, 31, Doc = "SID: source id (device granularity)")]
    public partial ushort SourceId { readonly get; set; }

    [Bits(32, 33, Doc = "FM: function mask (device granularity)")]
    public partial byte FunctionMask { readonly get; set; }

    [Bits(59, 60, Doc = "CAIG: actual invalidation granularity, a ContextCacheGranularity written by hardware")]
    public partial byte Caig { readonly get; set; }

    [Bits(61, 62, Doc = "CIRG: requested invalidation granularity, a ContextCacheGranularity: 1 global, 2 domain, 3 device; 0 reserved (rule CCMD.CIRG when ICC=1)")]
    public partial byte Cirg { readonly get; set; }

    [Bit(63, Doc = "ICC: invalidate context cache; set by software, cleared by hardware on completion")]
    public partial bool InvalidateContextCache { readonly get; set; }

    /// <summary>The typed view of <see cref="Cirg"/>.</summary>
    public ContextCacheGranularity RequestGranularity
    {
        readonly get => (ContextCacheGranularity)Cirg;
        set => Cirg = (byte)value;
    }

    /// <summary>The typed view of <see cref="Caig"/>.</summary>
    public ContextCacheGranularity ActualGranularity
    {
        readonly get => (ContextCacheGranularity)Caig;
        set => Caig = (byte)value;
    }

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (InvalidateContextCache && Cirg == 0)
        {
            sink.Report("CCMD.CIRG", 61, 62, string.Create(CultureInfo.InvariantCulture, $"CIRG = {Cirg} is a reserved granularity"));
        }
    }
}
