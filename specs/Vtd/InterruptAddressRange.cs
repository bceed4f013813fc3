namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// The interrupt address range 0xFEE0_0000..0xFEEF_FFFF: a write there without PASID is an interrupt message, not
/// DMA, and is handled by interrupt remapping instead of address translation (VT-d spec §3.14 "Handling Requests to
/// Interrupt Address Range"; QEMU hw/i386/intel_iommu_internal.h VTD_INTERRUPT_ADDR_FIRST/VTD_INTERRUPT_ADDR_LAST).
/// </summary>
public static class InterruptAddressRange
{
    /// <summary>First address of the range.</summary>
    public const ulong First = 0xFEE0_0000UL;

    /// <summary>Last address of the range.</summary>
    public const ulong Last = 0xFEEF_FFFFUL;

    /// <summary>True when <paramref name="address"/> lies in the range.</summary>
    public static bool Contains(ulong address) => address is >= First and <= Last;
}
