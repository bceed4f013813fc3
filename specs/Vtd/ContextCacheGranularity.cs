namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Granularity of a context-cache invalidation: the G field of a context-cache invalidate descriptor (bits 4..5)
/// and the CIRG/CAIG fields of CCMD_REG (Linux <c>DMA_CCMD_*_INVL</c>, <c>QI_CC_GRAN(t) = t &gt;&gt; 57</c>;
/// QEMU <c>VTD_INV_DESC_CC_*</c>). Encoding 0 is reserved.
/// </summary>
public enum ContextCacheGranularity : byte
{
    /// <summary>Every context-cache entry.</summary>
    Global = 1,

    /// <summary>The entries of one domain (DID). QEMU treats it as global.</summary>
    Domain = 2,

    /// <summary>The entries of one device (SID, with function mask FM) in one domain.</summary>
    Device = 3,
}
