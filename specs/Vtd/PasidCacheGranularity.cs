namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Granularity of a PASID-cache invalidation (G, bits 4..5; Linux <c>QI_PC_ALL_PASIDS</c>, <c>QI_PC_PASID_SEL</c>,
/// <c>QI_PC_GLOBAL</c>). Encoding 2 is reserved (QEMU rejects it).
/// </summary>
public enum PasidCacheGranularity : byte
{
    /// <summary>Every PASID of the domain (DID).</summary>
    Domain = 0,

    /// <summary>One PASID within the domain.</summary>
    PasidWithinDomain = 1,

    /// <summary>Every PASID-cache entry.</summary>
    Global = 3,
}
