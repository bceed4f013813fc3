namespace IommuLayouts.Specs.Vtd;

/// <summary>GCMD_REG (offset 0x18, 32 bits, write-only): one command bit per action; GSTS_REG reports each result.</summary>
/// <remarks><see cref="Validate"/> reports reserved bits 0..22. Software writes the whole register: it must keep the
/// bits of enabled features set (Linux <c>iommu->gcmd</c>).</remarks>
[BitLayout(32, Name = "vtd.gcmd",
    Spec = "VT-d spec Global Command Register; checked against Linux DMA_GCMD_*, QEMU VTD_GCMD_*, VirtualBox VTD_BF_GCMD_REG_*",
    Summary = "Global command register (0x18)")]
public partial struct GlobalCommandRegister
{
    [Bit(23, Doc = "CFI: compatibility-format interrupts allowed")]
    public partial bool CompatibilityFormatInterrupt { readonly get; set; }

    [Bit(24, Doc = "SIRTP: set interrupt-remapping table pointer (latch IRTA_REG)")]
    public partial bool SetInterruptRemapTablePointer { readonly get; set; }

    [Bit(25, Doc = "IRE: interrupt-remapping enable")]
    public partial bool InterruptRemappingEnable { readonly get; set; }

    [Bit(26, Doc = "QIE: queued-invalidation enable")]
    public partial bool QueuedInvalidationEnable { readonly get; set; }

    [Bit(27, Doc = "WBF: write-buffer flush")]
    public partial bool WriteBufferFlush { readonly get; set; }

    [Bit(28, Doc = "EAFL: enable advanced fault logging")]
    public partial bool EnableAdvancedFaultLogging { readonly get; set; }

    [Bit(29, Doc = "SFL: set fault log")]
    public partial bool SetFaultLog { readonly get; set; }

    [Bit(30, Doc = "SRTP: set root-table pointer (latch RTADDR_REG)")]
    public partial bool SetRootTablePointer { readonly get; set; }

    [Bit(31, Doc = "TE: translation enable")]
    public partial bool TranslationEnable { readonly get; set; }
}
