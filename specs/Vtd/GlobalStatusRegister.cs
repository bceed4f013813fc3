namespace IommuLayouts.Specs.Vtd;

/// <summary>GSTS_REG (offset 0x1C, 32 bits, read-only): the status of each GCMD_REG action, bit for bit.</summary>
/// <remarks><see cref="Validate"/> reports reserved bits 0..22.</remarks>
[BitLayout(32, Name = "vtd.gsts",
    Spec = "VT-d spec Global Status Register; checked against Linux DMA_GSTS_*, QEMU VTD_GSTS_*, VirtualBox VTD_BF_GSTS_REG_*",
    Summary = "Global status register (0x1C)")]
public partial struct GlobalStatusRegister
{
    [Bit(23, Doc = "CFIS: compatibility-format interrupts allowed")]
    public partial bool CompatibilityFormatInterruptStatus { readonly get; set; }

    [Bit(24, Doc = "IRTPS: interrupt-remapping table pointer latched")]
    public partial bool InterruptRemapTablePointerStatus { readonly get; set; }

    [Bit(25, Doc = "IRES: interrupt remapping enabled")]
    public partial bool InterruptRemappingEnableStatus { readonly get; set; }

    [Bit(26, Doc = "QIES: queued invalidation enabled")]
    public partial bool QueuedInvalidationEnableStatus { readonly get; set; }

    [Bit(27, Doc = "WBFS: write-buffer flush in progress")]
    public partial bool WriteBufferFlushStatus { readonly get; set; }

    [Bit(28, Doc = "AFLS: advanced fault logging enabled")]
    public partial bool AdvancedFaultLoggingStatus { readonly get; set; }

    [Bit(29, Doc = "FLS: fault log latched")]
    public partial bool FaultLogStatus { readonly get; set; }

    [Bit(30, Doc = "RTPS: root-table pointer latched")]
    public partial bool RootTablePointerStatus { readonly get; set; }

    [Bit(31, Doc = "TES: translation enabled")]
    public partial bool TranslationEnableStatus { readonly get; set; }
}
