namespace IommuLayouts.Specs.Vtd;

/// <summary>IQH_REG (offset 0x80, 64 bits, read-only): where hardware will fetch the next descriptor.</summary>
/// <remarks><see cref="Validate"/> reports reserved bits 0..3 and 19..63.</remarks>
[BitLayout(64, Name = "vtd.iqh",
    Spec = "VT-d spec Invalidation Queue Head Register; checked against VirtualBox VTD_BF_IQH_REG_*, QEMU IQH definitions in hw/i386/intel_iommu_internal.h, Linux DMAR_IQH_REG",
    Summary = "Invalidation queue head register (0x80)")]
public partial struct InvalidationQueueHeadRegister
{
    [Bits(4, 18, Doc = "QH: queue head, bits 18:4 of the byte offset of the next descriptor in the queue")]
    public partial ushort QueueHead { readonly get; set; }

    /// <summary>Byte offset of the head in the queue.</summary>
    public readonly int ByteOffset => QueueHead << 4;

    /// <summary>The head at descriptor <paramref name="index"/> of a queue of 16- or 32-byte descriptors (IQA.DW).</summary>
    public static InvalidationQueueHeadRegister AtDescriptor(int index, bool wide) =>
        new() { QueueHead = (ushort)((index * InvalidationQueue.DescriptorSize(wide)) >> 4) };

    /// <summary>Index of the head descriptor: the byte offset over 16 or 32 (IQA.DW).</summary>
    public readonly int DescriptorIndex(bool wide) => ByteOffset / InvalidationQueue.DescriptorSize(wide);
}
