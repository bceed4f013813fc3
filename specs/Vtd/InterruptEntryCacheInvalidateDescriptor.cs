namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Interrupt-entry-cache invalidate descriptor (type 4), 256-bit form; the 128-bit form is its first two words.
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports a wrong type (<c>QI.TYPE</c>) and reserved bits 5..8, 12..26, 48..255 (QEMU
/// reserved mask 0xffff000007fff1e0 and all of word 1). IM above ECAP.MHMV and the descriptor without ECAP.IR are
/// the emulator's checks.
/// </remarks>
[BitLayout(256, Name = "vtd.qi.iec",
    Spec = "VT-d spec Interrupt Entry Cache Invalidate Descriptor; checked against Linux drivers/iommu/intel/iommu.h QI_IEC_*, QEMU VTD_INV_DESC_IEC_*, VirtualBox VTD_BF_0_IEC_INV_DSC_*",
    Summary = "Invalidation queue: interrupt-entry-cache invalidate")]
public partial struct InterruptEntryCacheInvalidateDescriptor
{
    [Bits(0, 3, Doc = "Type[3:0] = 4")]
    public partial byte TypeLow { readonly get; set; }

    [Bit(4, Doc = "G: granularity, an InterruptEntryCacheGranularity: 0 global, 1 index-selective (Linux QI_IEC_SELECTIVE)")]
    public partial InterruptEntryCacheGranularity Granularity { readonly get; set; }

    [Bits(9, 11, Doc = "Type[6:4] = 0")]
    public partial byte TypeHigh { readonly get; set; }

    [Bits(27, 31, Doc = "IM: index mask, 2^IM entries from IIDX (index-selective)")]
    public partial byte IndexMask { readonly get; set; }

    [Bits(32, 47, Doc = "IIDX: first interrupt index (index-selective)")]
    public partial ushort InterruptIndex { readonly get; set; }

    /// <summary>Entries an index-selective invalidation covers: 2^IM.</summary>
    public readonly int IndexCount => 1 << IndexMask;

    /// <summary>The first of them: IIDX with its low IM bits cleared (the 2^IM-aligned block holding IIDX; Linux
    /// qi_flush_iec passes blocks allocated aligned to their mask).</summary>
    public readonly int FirstIndex => InterruptIndex & ~(IndexCount - 1);

    readonly partial void CheckRules(ref ViolationSink sink) =>
        InvalidationDescriptor.CheckType(ref sink, TypeLow, TypeHigh, InvalidationDescriptorType.InterruptEntryCache);
}
