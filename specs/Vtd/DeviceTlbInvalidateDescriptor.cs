namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Device-TLB invalidate descriptor (type 3), 256-bit form; the 128-bit form is its first two words. Asks an
/// ATS-capable device to drop translations it cached.
/// </summary>
/// <remarks>
/// <para><see cref="Validate"/> reports a wrong type (<c>QI.TYPE</c>) and reserved bits 4..8, 21..31, 48..51, 65..75,
/// 128..255. The descriptor without ECAP.DT is the emulator's check.</para>
/// <para>PFSID (the physical function's source id, for SR-IOV virtual functions) is split: bits 12..15 hold PFSID[3:0],
/// bits 52..63 PFSID[15:4] (Linux <c>QI_DEV_IOTLB_PFSID</c>, VirtualBox). QEMU's reserved mask
/// (<c>0xffff0000ffe0f1f0</c>) treats those bits as reserved; this layout follows Linux and VirtualBox.</para>
/// </remarks>
[BitLayout(256, Name = "vtd.qi.dev-tlb",
    Spec = "VT-d spec Device-TLB Invalidate Descriptor; checked against Linux drivers/iommu/intel/iommu.h QI_DEV_IOTLB_*, VirtualBox VTD_BF_{0,1}_DEV_TLB_INV_DSC_*, QEMU VTD_INV_DESC_DEVICE_IOTLB_*",
    Summary = "Invalidation queue: device-TLB invalidate")]
public partial struct DeviceTlbInvalidateDescriptor
{
    [Bits(0, 3, Doc = "Type[3:0] = 3")]
    public partial byte TypeLow { readonly get; set; }

    [Bits(9, 11, Doc = "Type[6:4] = 0")]
    public partial byte TypeHigh { readonly get; set; }

    [Bits(12, 15, Doc = "PFSID[3:0]: low bits of the physical function's source id")]
    public partial byte PfsidLow { readonly get; set; }

    [Bits(16, 20, Doc = "MIP: maximum invalidations pending, the device's ATS queue depth (Linux QI_DEV_IOTLB_QDEP)")]
    public partial byte MaxInvalidationsPending { readonly get; set; }

    [Bits(32, 47, Doc = "SID: source id of the device whose TLB is invalidated")]
    public partial ushort SourceId { readonly get; set; }

    [Bits(52, 63, Doc = "PFSID[15:4]: high bits of the physical function's source id")]
    public partial ushort PfsidHigh { readonly get; set; }

    [Bit(64, Doc = "S: size; clear = one 4 KiB page, set = the lowest clear bit of ADDR[63:12] gives the size (8 KiB << its position)")]
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
        InvalidationDescriptor.CheckType(ref sink, TypeLow, TypeHigh, InvalidationDescriptorType.DeviceTlb);
}
