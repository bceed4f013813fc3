namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Granularity of a PASID-based IOTLB invalidation (G, bits 4..5; Linux <c>QI_GRAN_NONG_PASID</c>,
/// <c>QI_GRAN_PSI_PASID</c>). Encodings 0 and 1 are reserved (QEMU rejects them).
/// </summary>
public enum PasidIotlbGranularity : byte
{
    /// <summary>All non-global entries of the PASID within the domain.</summary>
    Pasid = 2,

    /// <summary>The entries of the PASID within the domain covering 2^AM 4 KiB pages from ADDR.</summary>
    PageWithinPasid = 3,
}
