namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>The type of a vIOMMU (include/uapi/linux/iommufd.h <c>enum iommu_viommu_type</c>, plus one of this model's).</summary>
public enum ViommuType : uint
{
    /// <summary>IOMMU_VIOMMU_TYPE_DEFAULT: reserved; iommufd_viommu_alloc_ioctl refuses it (EOPNOTSUPP).</summary>
    Default = 0,

    /// <summary>IOMMU_VIOMMU_TYPE_ARM_SMMUV3.</summary>
    ArmSmmuv3 = 1,

    /// <summary>
    /// Not in Linux: VT-d nesting allocates its nested HWPT straight from the nesting parent (intel_nested_domain_alloc)
    /// and has no vIOMMU type. This model gives a VT-d VM the same object for its virtual source ids and its fault
    /// queue, so a VMM sees one shape for both IOMMUs. The value is outside iommufd's range.
    /// </summary>
    IntelVtdModel = 1000,
}
