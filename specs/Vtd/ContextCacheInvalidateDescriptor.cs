namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Context-cache invalidate descriptor (type 1), 256-bit form; the 128-bit form is its first two words.
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports a wrong type (<c>QI.TYPE</c>), a reserved granularity (<c>ENUM</c>) and reserved bits
/// 6..8, 12..15, 50..255 (QEMU reserved mask 0xfffc00000000f1c0 and all of word 1; words 2..3 in
/// 256-bit mode). Linux notes the DID is ignored by hardware in scalable mode. Nothing in this descriptor depends on
/// the remapping unit beyond the queue itself.
/// </remarks>
[BitLayout(256, Name = "vtd.qi.cc",
    Spec = "VT-d spec Context-cache Invalidate Descriptor; checked against Linux drivers/iommu/intel/iommu.h QI_CC_*, QEMU VTD_INV_DESC_CC_*, VirtualBox VTD_BF_0_CC_INV_DSC_*",
    Summary = "Invalidation queue: context-cache invalidate")]
public partial struct ContextCacheInvalidateDescriptor
{
    [Bits(0, 3, Doc = "Type[3:0] = 1")]
    public partial byte TypeLow { readonly get; set; }

    [Bits(4, 5, Doc = "G: granularity, a ContextCacheGranularity: 1 global, 2 domain, 3 device; 0 reserved")]
    public partial ContextCacheGranularity Granularity { readonly get; set; }

    [Bits(9, 11, Doc = "Type[6:4] = 0")]
    public partial byte TypeHigh { readonly get; set; }

    [Bits(16, 31, Doc = "DID: domain id (domain and device granularity)")]
    public partial ushort DomainId { readonly get; set; }

    [Bits(32, 47, Doc = "SID: source id, bus << 8 | devfn (device granularity)")]
    public partial ushort SourceId { readonly get; set; }

    [Bits(48, 49, Doc = "FM: function mask, how many low bits of SID's function number to ignore (device granularity)")]
    public partial byte FunctionMask { readonly get; set; }

    readonly partial void CheckRules(ref ViolationSink sink) =>
        InvalidationDescriptor.CheckType(ref sink, TypeLow, TypeHigh, InvalidationDescriptorType.ContextCache);
}
