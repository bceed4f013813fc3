namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>
/// The Linux errno values the iommufd calls modelled here return (include/uapi/asm-generic/errno-base.h, errno.h), so a
/// VMM's error handling can be written against the same numbers.
/// </summary>
public enum IommufdErrno
{
    /// <summary>ENOENT: no such object (iommufd_viommu_get_vdev_id finds no vDEVICE for the device).</summary>
    ENOENT = 2,

    /// <summary>EIO: invalid vendor data (arm_smmu_validate_vste; arm_vsmmu_convert_user_cmd).</summary>
    EIO = 5,

    /// <summary>EBUSY: the object is in use.</summary>
    EBUSY = 16,

    /// <summary>EEXIST: the device already has a vDEVICE, or the virtual id is taken (iommufd_vdevice_alloc_ioctl).</summary>
    EEXIST = 17,

    /// <summary>EINVAL: an argument does not fit (wrong IOMMU instance, not a nesting parent, bad field).</summary>
    EINVAL = 22,

    /// <summary>EOPNOTSUPP: the type or feature is not supported.</summary>
    EOPNOTSUPP = 95,
}
