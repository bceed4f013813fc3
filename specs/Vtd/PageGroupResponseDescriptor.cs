namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Page-group response descriptor (type 9), 256-bit form; the 128-bit form is its first two words. Software's
/// answer to a page-request group.
/// </summary>
/// <remarks>
/// <para><see cref="Validate"/> reports a wrong type (<c>QI.TYPE</c>), an undefined response code (<c>ENUM</c>) and
/// reserved bits 5..8, 52..65, 76..255 (QEMU reserved masks).</para>
/// <para>Linux 6.6 also defined PDP (bit 5, private data present) and LPIG (bit 66, last page in group). Current
/// Linux defines neither; QEMU's masks reserve bit 5 but not bit 66. So bit 5 is RES0 and bit 66 is the LPIG field
/// (see specs/NOTES.md).</para>
/// </remarks>
[BitLayout(256, Name = "vtd.qi.pgrp-resp",
    Spec = "VT-d spec Page Group Response Descriptor; checked against Linux drivers/iommu/intel/iommu.h QI_PGRP_*/QI_RESP_*, QEMU VTD_INV_DESC_PGRESP_*",
    Summary = "Invalidation queue: page-group response")]
public partial struct PageGroupResponseDescriptor
{
    [Bits(0, 3, Doc = "Type[3:0] = 9")]
    public partial byte TypeLow { readonly get; set; }

    [Bit(4, Doc = "PP: PASID present, the response carries the request's PASID")]
    public partial bool PasidPresent { readonly get; set; }

    [Bits(9, 11, Doc = "Type[6:4] = 0")]
    public partial byte TypeHigh { readonly get; set; }

    [Bits(12, 15, Doc = "RC: response code, a PageResponseCode: 0 success, 1 invalid request, 15 response failure")]
    public partial PageResponseCode ResponseCode { readonly get; set; }

    [Bits(16, 31, Doc = "RID: requester id (bus << 8 | devfn) of the device that made the request")]
    public partial ushort RequesterId { readonly get; set; }

    [Bits(32, 51, Doc = "PASID: the request's PASID (when PP is set)")]
    public partial uint Pasid { readonly get; set; }

    [Bit(66, Doc = "LPIG: last page in group, this response ends the page-request group (Linux 6.6 QI_PGRP_LPIG; not reserved by QEMU)")]
    public partial bool LastPageInGroup { readonly get; set; }

    [Bits(67, 75, Doc = "PRGI: page-request group index being answered")]
    public partial ushort PageRequestGroupIndex { readonly get; set; }

    readonly partial void CheckRules(ref ViolationSink sink) =>
        InvalidationDescriptor.CheckType(ref sink, TypeLow, TypeHigh, InvalidationDescriptorType.PageGroupResponse);
}
