namespace IommuLayouts.Specs.Vtd;

/// <summary>FSTS_REG (offset 0x34, 32 bits): pending and overflowed faults and queue errors.</summary>
/// <remarks>
/// <see cref="Validate"/> reports reserved bits 16..31. Bit 7 is PRO as Linux defines it (<c>DMA_FSTS_PRO</c>,
/// page-request overflow); VirtualBox calls it deprecated and must-be-zero.
/// </remarks>
[BitLayout(32, Name = "vtd.fsts",
    Spec = "VT-d spec Fault Status Register; checked against Linux DMA_FSTS_*, QEMU VTD_FSTS_*, VirtualBox VTD_BF_FSTS_REG_*",
    Summary = "Fault status register (0x34)")]
public partial struct FaultStatusRegister
{
    [Bit(0, Doc = "PFO: primary fault overflow, a fault was dropped because every fault-recording register was full (RW1C)")]
    public partial bool PrimaryFaultOverflow { readonly get; set; }

    [Bit(1, Doc = "PPF: primary pending fault, some fault-recording register has F set (read-only)")]
    public partial bool PrimaryPendingFault { readonly get; set; }

    [Bit(2, Doc = "AFO: advanced fault overflow (RW1C)")]
    public partial bool AdvancedFaultOverflow { readonly get; set; }

    [Bit(3, Doc = "APF: advanced pending fault (RW1C)")]
    public partial bool AdvancedPendingFault { readonly get; set; }

    [Bit(4, Doc = "IQE: invalidation-queue error, details in IQERCD_REG (RW1C)")]
    public partial bool InvalidationQueueError { readonly get; set; }

    [Bit(5, Doc = "ICE: invalidation completion error (RW1C)")]
    public partial bool InvalidationCompletionError { readonly get; set; }

    [Bit(6, Doc = "ITE: invalidation time-out error (RW1C)")]
    public partial bool InvalidationTimeoutError { readonly get; set; }

    [Bit(7, Doc = "PRO: page-request overflow (Linux DMA_FSTS_PRO); VirtualBox: deprecated")]
    public partial bool PageRequestOverflow { readonly get; set; }

    [Bits(8, 15, Doc = "FRI: fault-record index, the first fault-recording register holding a fault")]
    public partial byte FaultRecordIndex { readonly get; set; }
}
