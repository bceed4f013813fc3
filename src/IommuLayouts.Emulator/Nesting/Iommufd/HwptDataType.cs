namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>The vendor data type of a nested HWPT (include/uapi/linux/iommufd.h <c>enum iommu_hwpt_data_type</c>).</summary>
public enum HwptDataType : uint
{
    /// <summary>IOMMU_HWPT_DATA_NONE: no data (a paging HWPT, not a nested one).</summary>
    None = 0,

    /// <summary>IOMMU_HWPT_DATA_VTD_S1: <c>struct iommu_hwpt_vtd_s1 { flags, pgtbl_addr, addr_width }</c>.</summary>
    VtdS1 = 1,

    /// <summary>IOMMU_HWPT_DATA_ARM_SMMUV3: <c>struct iommu_hwpt_arm_smmuv3 { ste[2] }</c>.</summary>
    ArmSmmuv3 = 2,
}
