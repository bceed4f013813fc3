namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>The type of a vEVENTQ (include/uapi/linux/iommufd.h <c>enum iommu_veventq_type</c>, plus one of this model's).</summary>
public enum VeventType : uint
{
    /// <summary>IOMMU_VEVENTQ_TYPE_DEFAULT: reserved; iommufd_veventq_alloc refuses it (EOPNOTSUPP).</summary>
    Default = 0,

    /// <summary>
    /// IOMMU_VEVENTQ_TYPE_ARM_SMMUV3: <c>struct iommu_vevent_arm_smmuv3 { evt[4] }</c>, the 256-bit event record with
    /// StreamID = the virtual StreamID (C_BAD_STE, F_STREAM_DISABLED, C_BAD_SUBSTREAMID, C_BAD_CD, F_TRANSLATION,
    /// F_ADDR_SIZE, F_ACCESS, F_PERMISSION).
    /// </summary>
    ArmSmmuv3 = 1,

    /// <summary>
    /// Not in Linux (it has no VT-d vEVENTQ; QEMU's VT-d nesting lists fault injection as a to-do): the 128-bit VT-d
    /// fault record with SID = the virtual requester id, for faults not caused by the second stage.
    /// </summary>
    IntelVtdModel = 1000,
}
