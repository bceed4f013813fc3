namespace IommuLayouts.Emulator.Nesting.Vtd;

/// <summary>
/// The VT-d vendor part of a bind: iommufd's <c>struct iommu_hwpt_vtd_s1 { flags, pgtbl_addr, addr_width }</c>
/// (include/uapi/linux/iommufd.h); the table address is the seed's base pointer (<see cref="GuestStage1Config.BasePointer"/>).
/// </summary>
/// <param name="Flags">IOMMU_VTD_S1_SRE (1), IOMMU_VTD_S1_EAFE (2), IOMMU_VTD_S1_WPE (4); other bits are refused.</param>
/// <param name="AddressWidth">Stage-1 address width: 48 (4-level) or 57 (5-level, needs CAP.FL5LP).</param>
public readonly record struct VtdGuestStage1(uint Flags, int AddressWidth)
{
    /// <summary>IOMMU_VTD_S1_SRE: supervisor requests.</summary>
    public const uint Sre = 1;

    /// <summary>IOMMU_VTD_S1_EAFE: extended accessed flag.</summary>
    public const uint Eafe = 2;

    /// <summary>IOMMU_VTD_S1_WPE: write protect (only with SRE, as Linux pasid_pte_config_nestd applies it).</summary>
    public const uint Wpe = 4;
}
