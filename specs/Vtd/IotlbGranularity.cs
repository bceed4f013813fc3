namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Granularity of an IOTLB invalidation: the G field of an IOTLB invalidate descriptor (bits 4..5) and the
/// IIRG/IAIG fields of IOTLB_REG (Linux <c>DMA_TLB_*_FLUSH</c>, <c>QI_IOTLB_GRAN(t) = t &gt;&gt; 56</c>; QEMU
/// <c>VTD_INV_DESC_IOTLB_*</c>). Encoding 0 is reserved.
/// </summary>
public enum IotlbGranularity : byte
{
    /// <summary>Every IOTLB entry.</summary>
    Global = 1,

    /// <summary>The entries of one domain (DID).</summary>
    Domain = 2,

    /// <summary>The entries of one domain covering 2^AM 4 KiB pages from ADDR (page-selective-within-domain).</summary>
    Page = 3,
}
