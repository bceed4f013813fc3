namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// PASID-based IOTLB invalidate descriptor (type 6); exists only as a 256-bit descriptor.
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports a wrong type (<c>QI.TYPE</c>), a reserved granularity (<c>ENUM</c>: 0 and 1) and
/// reserved bits 6..8, 12..15, 52..63, 71..75, 128..255 (QEMU reserved masks, VirtualBox). In a
/// 128-bit queue it is an invalid-width error: the emulator's check. Per QEMU, page-selective invalidation does not
/// drop second-stage-only or pass-through entries.
/// </remarks>
[BitLayout(256, Name = "vtd.qi.piotlb",
    Spec = "VT-d spec PASID-based-IOTLB Invalidate Descriptor; checked against Linux drivers/iommu/intel/iommu.h QI_EIOTLB_*, QEMU VTD_INV_DESC_PIOTLB_*, VirtualBox VTD_BF_{0,1}_P_IOTLB_INV_DSC_*",
    Summary = "Invalidation queue: PASID-based IOTLB invalidate (256-bit only)")]
public partial struct PasidIotlbInvalidateDescriptor
{
    [Bits(0, 3, Doc = "Type[3:0] = 6")]
    public partial byte TypeLow { readonly get; set; }

    [Bits(4, 5, Doc = "G: granularity, a PasidIotlbGranularity: 2 all of the PASID, 3 page-selective within the PASID; 0..1 reserved")]
    public partial PasidIotlbGranularity Granularity { readonly get; set; }

    [Bits(9, 11, Doc = "Type[6:4] = 0")]
    public partial byte TypeHigh { readonly get; set; }

    [Bits(16, 31, Doc = "DID: domain id")]
    public partial ushort DomainId { readonly get; set; }

    [Bits(32, 51, Doc = "PASID: the PASID whose entries are invalidated")]
    public partial uint Pasid { readonly get; set; }

    [Bits(64, 69, Doc = "AM: address mask, 2^AM 4 KiB pages from ADDR (page-selective)")]
    public partial byte AddressMask { readonly get; set; }

    [Bit(70, Doc = "IH: invalidation hint, only leaf entries changed")]
    public partial bool InvalidationHint { readonly get; set; }

    [Bits(76, 127, Doc = "ADDR: input address of the first page (page-selective)"), Address]
    public partial ulong Address { readonly get; set; }

    readonly partial void CheckRules(ref ViolationSink sink) =>
        InvalidationDescriptor.CheckType(ref sink, TypeLow, TypeHigh, InvalidationDescriptorType.PasidIotlb);
}
