namespace IommuLayouts.Specs.Vtd;

/// <summary>IQT_REG (offset 0x88, 64 bits): where software will write the next descriptor; writing it starts processing.</summary>
/// <remarks>
/// <see cref="Validate"/> reports reserved bits 0..3 and 19..63. With 256-bit descriptors bit 4 must be zero (QEMU
/// <c>VTD_IQT_QT_256_RSV_BIT</c>, an invalidation-queue error), and a tail beyond the queue size is an error: both
/// depend on IQA, so the emulator checks them.
/// </remarks>
[BitLayout(64, Name = "vtd.iqt",
    Spec = "VT-d spec Invalidation Queue Tail Register; checked against VirtualBox VTD_BF_IQT_REG_*, QEMU VTD_IQT_*, Linux DMAR_IQT_REG",
    Summary = "Invalidation queue tail register (0x88)")]
public partial struct InvalidationQueueTailRegister
{
    [Bits(4, 18, Doc = "QT: queue tail, bits 18:4 of the byte offset of the next descriptor software will write")]
    public partial ushort QueueTail { readonly get; set; }

    /// <summary>Byte offset of the tail in the queue.</summary>
    public readonly int ByteOffset => QueueTail << 4;

    /// <summary>Index of the tail descriptor: the byte offset over 16 or 32 (IQA.DW).</summary>
    public readonly int DescriptorIndex(bool wide) => ByteOffset / InvalidationQueue.DescriptorSize(wide);
}
