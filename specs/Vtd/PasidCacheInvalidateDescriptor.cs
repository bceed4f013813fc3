namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// PASID-cache invalidate descriptor (type 7); exists only as a 256-bit descriptor.
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports a wrong type (<c>QI.TYPE</c>), a reserved granularity (<c>ENUM</c>: 2) and reserved
/// bits 6..8, 12..15, 52..255 (QEMU reserved masks, VirtualBox). In a 128-bit queue it is an
/// invalid-width error: the emulator's check.
/// </remarks>
[BitLayout(256, Name = "vtd.qi.pc",
    Spec = "VT-d spec PASID-cache Invalidate Descriptor; checked against Linux drivers/iommu/intel/iommu.h QI_PC_*, QEMU hw/i386/intel_iommu_internal.h PASID-cache masks, VirtualBox VTD_BF_0_PC_INV_DSC_*",
    Summary = "Invalidation queue: PASID-cache invalidate (256-bit only)")]
public partial struct PasidCacheInvalidateDescriptor
{
    [Bits(0, 3, Doc = "Type[3:0] = 7")]
    public partial byte TypeLow { readonly get; set; }

    [Bits(4, 5, Doc = "G: granularity, a PasidCacheGranularity: 0 all PASIDs of the domain, 1 one PASID within the domain, 3 global; 2 reserved")]
    public partial PasidCacheGranularity Granularity { readonly get; set; }

    [Bits(9, 11, Doc = "Type[6:4] = 0")]
    public partial byte TypeHigh { readonly get; set; }

    [Bits(16, 31, Doc = "DID: domain id")]
    public partial ushort DomainId { readonly get; set; }

    [Bits(32, 51, Doc = "PASID: the PASID invalidated (PASID-selective)")]
    public partial uint Pasid { readonly get; set; }

    readonly partial void CheckRules(ref ViolationSink sink) =>
        InvalidationDescriptor.CheckType(ref sink, TypeLow, TypeHigh, InvalidationDescriptorType.PasidCache);
}
