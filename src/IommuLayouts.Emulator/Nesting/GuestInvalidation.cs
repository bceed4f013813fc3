namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// The data type of a guest invalidation request, as iommufd numbers them (include/uapi/linux/iommufd.h
/// <c>enum iommu_hwpt_invalidate_data_type</c>).
/// </summary>
public enum GuestInvalidationDataType : uint
{
    /// <summary><c>IOMMU_HWPT_INVALIDATE_DATA_VTD_S1</c>: ranges of a VT-d nested (stage-1) domain.</summary>
    VtdStage1 = 0,

    /// <summary><c>IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3</c>: raw SMMUv3 commands of a vIOMMU.</summary>
    ArmSmmuv3 = 1,
}

/// <summary>
/// A guest invalidation request in iommufd's shape (<c>struct iommu_hwpt_invalidate</c>): a data type and its array of
/// entries, which the host checks and passes through one by one, stopping at the first it refuses. The vendor types
/// are <see cref="Vtd.VtdStage1Invalidation"/> and <see cref="Smmuv3.Smmuv3Invalidation"/>.
/// </summary>
public abstract record GuestInvalidation
{
    private protected GuestInvalidation()
    {
    }

    /// <summary>The data type: which vendor's entries the request carries.</summary>
    public abstract GuestInvalidationDataType DataType { get; }

    /// <summary>The number of entries (<c>entry_num</c>).</summary>
    public abstract int EntryCount { get; }

    /// <summary>The uAPI name of the data type.</summary>
    public string DataTypeName => DataType switch
    {
        GuestInvalidationDataType.VtdStage1 => "IOMMU_HWPT_INVALIDATE_DATA_VTD_S1",
        GuestInvalidationDataType.ArmSmmuv3 => "IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3",
        _ => $"data type {(uint)DataType}",
    };
}
