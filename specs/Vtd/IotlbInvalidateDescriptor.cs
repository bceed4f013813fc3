namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// IOTLB invalidate descriptor (type 2), 256-bit form; the 128-bit form is its first two words.
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports a wrong type (<c>QI.TYPE</c>), a reserved granularity (<c>ENUM</c>) and reserved bits
/// 8, 12..15, 32..63, 71..75, 128..255 (QEMU reserved masks 0xffffffff0000f100 and
/// 0xf80). AM above CAP.MAMV and DW/DR without CAP.DWD/DRD are the emulator's checks.
/// </remarks>
[BitLayout(256, Name = "vtd.qi.iotlb",
    Spec = "VT-d spec IOTLB Invalidate Descriptor; checked against Linux drivers/iommu/intel/iommu.h QI_IOTLB_*, QEMU VTD_INV_DESC_IOTLB_*, VirtualBox VTD_BF_{0,1}_IOTLB_INV_DSC_*",
    Summary = "Invalidation queue: IOTLB invalidate")]
public partial struct IotlbInvalidateDescriptor
{
    [Bits(0, 3, Doc = "Type[3:0] = 2")]
    public partial byte TypeLow { readonly get; set; }

    [Bits(4, 5, Doc = "G: granularity, an IotlbGranularity: 1 global, 2 domain, 3 page-selective within domain; 0 reserved")]
    public partial IotlbGranularity Granularity { readonly get; set; }

    [Bit(6, Doc = "DW: drain writes before completing")]
    public partial bool DrainWrites { readonly get; set; }

    [Bit(7, Doc = "DR: drain reads before completing")]
    public partial bool DrainReads { readonly get; set; }

    [Bits(9, 11, Doc = "Type[6:4] = 0")]
    public partial byte TypeHigh { readonly get; set; }

    [Bits(16, 31, Doc = "DID: domain id (domain and page granularity)")]
    public partial ushort DomainId { readonly get; set; }

    [Bits(64, 69, Doc = "AM: address mask, the invalidation covers 2^AM 4 KiB pages from ADDR (page granularity)")]
    public partial byte AddressMask { readonly get; set; }

    [Bit(70, Doc = "IH: invalidation hint, only leaf entries changed: non-leaf caches may be kept")]
    public partial bool InvalidationHint { readonly get; set; }

    [Bits(76, 127, Doc = "ADDR: input address of the first page (page granularity)"), Address]
    public partial ulong Address { readonly get; set; }

    readonly partial void CheckRules(ref ViolationSink sink) =>
        InvalidationDescriptor.CheckType(ref sink, TypeLow, TypeHigh, InvalidationDescriptorType.Iotlb);
}
