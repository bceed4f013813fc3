namespace IommuLayouts.Emulator.Nesting.Smmuv3;

/// <summary>
/// The SMMUv3 vendor part of a bind: the guest's STE double words 0 and 1, as in iommufd's
/// <c>struct iommu_hwpt_arm_smmuv3 { __aligned_le64 ste[2]; }</c> (include/uapi/linux/iommufd.h).
/// Only the fields of STRTAB_STE_0/1_NESTING_ALLOWED may be set (arm-smmu-v3.h).
/// </summary>
public readonly record struct Smmuv3GuestSte(ulong Word0, ulong Word1)
{
    /// <summary>STRTAB_STE_0_NESTING_ALLOWED: V, Config, S1Fmt, S1ContextPtr, S1CDMax (Linux arm-smmu-v3.h).</summary>
    public const ulong Word0Allowed = 0xF80F_FFFF_FFFF_FFFFUL;

    /// <summary>STRTAB_STE_1_NESTING_ALLOWED: S1DSS, S1CIR, S1COR, S1CSH, S1STALLD, EATS (Linux arm-smmu-v3.h).</summary>
    public const ulong Word1Allowed = 0x0000_0000_3800_00FFUL;
}
