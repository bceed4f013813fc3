namespace IommuLayouts.Emulator.Nesting.Vtd;

/// <summary>
/// One VT-d guest invalidation, <c>struct iommu_hwpt_vtd_s1_invalidate { addr, npages, flags }</c>
/// (include/uapi/linux/iommufd.h): addr 4 KiB aligned; npages = <see cref="ulong.MaxValue"/> with addr 0 means "all".
/// </summary>
/// <param name="Address">First address (4 KiB aligned).</param>
/// <param name="Pages">Number of 4 KiB pages, or <see cref="ulong.MaxValue"/> for everything.</param>
/// <param name="Flags">IOMMU_VTD_INV_FLAGS_LEAF (1): only leaf entries changed; other bits are refused.</param>
public readonly record struct VtdGuestInvalidation(ulong Address, ulong Pages, uint Flags = 0)
{
    /// <summary>IOMMU_VTD_INV_FLAGS_LEAF.</summary>
    public const uint Leaf = 1;

    /// <summary>Everything the bound domain caches.</summary>
    public static VtdGuestInvalidation All => new(0, ulong.MaxValue);
}
