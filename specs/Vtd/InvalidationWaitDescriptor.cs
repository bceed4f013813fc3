namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Invalidation wait descriptor (type 5), 256-bit form; the 128-bit form is its first two words. Completes when
/// the descriptors before it have; then it may write STDATA to STADDR (SW) and raise the completion event (IF).
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports a wrong type (<c>QI.TYPE</c>) and reserved bits 8, 12..31, 64..65, 128..255 (QEMU
/// reserved masks, VirtualBox). PD is reserved unless ECAP.PDS, an emulator check. QEMU also
/// rejects a descriptor with IF, SW and FN all clear; that is QEMU's choice, not a reserved-bit rule.
/// </remarks>
[BitLayout(256, Name = "vtd.qi.wait",
    Spec = "VT-d spec Invalidation Wait Descriptor; checked against Linux drivers/iommu/intel/iommu.h QI_IWD_*, QEMU VTD_INV_DESC_WAIT_*, VirtualBox VTD_BF_{0,1}_INV_WAIT_DSC_*",
    Summary = "Invalidation queue: invalidation wait")]
public partial struct InvalidationWaitDescriptor
{
    [Bits(0, 3, Doc = "Type[3:0] = 5")]
    public partial byte TypeLow { readonly get; set; }

    [Bit(4, Doc = "IF: interrupt flag, set ICS.IWC and signal the invalidation completion event")]
    public partial bool InterruptFlag { readonly get; set; }

    [Bit(5, Doc = "SW: status write, write STDATA (32 bits) to STADDR (Linux QI_IWD_STATUS_WRITE)")]
    public partial bool StatusWrite { readonly get; set; }

    [Bit(6, Doc = "FN: fence, later descriptors wait for this one (Linux QI_IWD_FENCE)")]
    public partial bool Fence { readonly get; set; }

    [Bit(7, Doc = "PD: page-request drain (needs ECAP.PDS; Linux QI_IWD_PRQ_DRAIN)")]
    public partial bool PageRequestDrain { readonly get; set; }

    [Bits(9, 11, Doc = "Type[6:4] = 0")]
    public partial byte TypeHigh { readonly get; set; }

    [Bits(32, 63, Doc = "STDATA: the 32-bit value written to STADDR when SW is set")]
    public partial uint StatusData { readonly get; set; }

    [Bits(66, 127, Doc = "STADDR: 4-byte-aligned physical address written when SW is set"), Address]
    public partial ulong StatusAddress { readonly get; set; }

    readonly partial void CheckRules(ref ViolationSink sink) =>
        InvalidationDescriptor.CheckType(ref sink, TypeLow, TypeHigh, InvalidationDescriptorType.InvalidationWait);
}
