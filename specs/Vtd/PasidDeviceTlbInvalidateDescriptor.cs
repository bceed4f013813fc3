namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// PASID-based device-TLB invalidate descriptor (type 8); exists only as a 256-bit descriptor.
/// </summary>
/// <remarks>
/// <para><see cref="Validate"/> reports a wrong type (<c>QI.TYPE</c>) and reserved bits 65..74, 128..255. In a 128-bit
/// queue it is an invalid-width error: the emulator's check.</para>
/// <para>PFSID is split as in <see cref="DeviceTlbInvalidateDescriptor"/> (bits 12..15 and 52..63; Linux
/// <c>QI_DEV_EIOTLB_PFSID</c>, VirtualBox). QEMU's mask (<c>0xfff000000000f000</c>) calls those bits reserved. Linux
/// flushes everything with S = 1 and ADDR = 0x7FFFFFFF_FFFFF000.</para>
/// </remarks>
[BitLayout(256, Name = "vtd.qi.pdev-tlb",
    Spec = "VT-d spec PASID-based-Device-TLB Invalidate Descriptor; checked against Linux drivers/iommu/intel/iommu.h QI_DEV_EIOTLB_*, VirtualBox VTD_BF_{0,1}_P_DEV_TLB_INV_DSC_*, QEMU VTD_INV_DESC_PASID_DEVICE_IOTLB_*",
    Summary = "Invalidation queue: PASID-based device-TLB invalidate (256-bit only)")]
public partial struct PasidDeviceTlbInvalidateDescriptor
{
    [Bits(0, 3, Doc = "Type[3:0] = 8")]
    public partial byte TypeLow { readonly get; set; }

    [Bits(4, 8, Doc = "MIP: maximum invalidations pending, the device's ATS queue depth")]
    public partial byte MaxInvalidationsPending { readonly get; set; }

    [Bits(9, 11, Doc = "Type[6:4] = 0")]
    public partial byte TypeHigh { readonly get; set; }

    [Bits(12, 15, Doc = "PFSID[3:0]: low bits of the physical function's source id")]
    public partial byte PfsidLow { readonly get; set; }

    [Bits(16, 31, Doc = "SID: source id of the device whose TLB is invalidated")]
    public partial ushort SourceId { readonly get; set; }

    [Bits(32, 51, Doc = "PASID: the PASID invalidated")]
    public partial uint Pasid { readonly get; set; }

    [Bits(52, 63, Doc = "PFSID[15:4]: high bits of the physical function's source id")]
    public partial ushort PfsidHigh { readonly get; set; }

    [Bit(64, Doc = "G: global, also invalidate translations marked global (Linux QI_DEV_EIOTLB_GLOB)")]
    public partial bool Global { readonly get; set; }

    [Bit(75, Doc = "S: size; clear = one 4 KiB page, set = the lowest clear bit of ADDR[63:12] gives the size")]
    public partial bool Size { readonly get; set; }

    [Bits(76, 127, Doc = "ADDR: address of the range (with S)"), Address]
    public partial ulong Address { readonly get; set; }

    /// <summary>PFSID assembled from its two parts.</summary>
    public ushort Pfsid
    {
        readonly get => (ushort)((PfsidHigh << 4) | PfsidLow);
        set
        {
            PfsidLow = (byte)(value & 0xF);
            PfsidHigh = (ushort)(value >> 4);
        }
    }

    readonly partial void CheckRules(ref ViolationSink sink) =>
        InvalidationDescriptor.CheckType(ref sink, TypeLow, TypeHigh, InvalidationDescriptorType.PasidDeviceTlb);
}
