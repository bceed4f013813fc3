namespace IommuLayouts.Emulator.Nesting;

/// <summary>The IOMMU architecture a nesting host drives; also the seed's <c>format</c> of a guest stage-1 configuration.</summary>
public enum NestingVendor
{
    /// <summary>Arm SMMUv3: the guest owns a CD table, the host a VMSAv8-64 stage 2 (iommufd IOMMU_HWPT_DATA_ARM_SMMUV3).</summary>
    Smmuv3 = 1,

    /// <summary>Intel VT-d: the guest owns first-stage tables, the host the second stage (iommufd IOMMU_HWPT_DATA_VTD_S1).</summary>
    IntelVtd = 2,
}
