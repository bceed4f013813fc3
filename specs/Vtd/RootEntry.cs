namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// A legacy-mode root entry (128 bits). The root table is 4 KiB: 256 entries indexed by PCI bus number; each
/// present entry points to a 4 KiB context table of 256 <see cref="ContextEntry"/> indexed by devfn.
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports reserved bits (1..11 and the whole upper word; QEMU requires <c>hi == 0</c>).
/// A context-table pointer above the host address width is reserved too (QEMU <c>VTD_ROOT_ENTRY_RSVD(aw)</c>),
/// but the width is a property of the remapping unit: the emulator checks it (fault 0x0A).
/// </remarks>
[BitLayout(128, Name = "vtd.root",
    Spec = "VT-d spec Root Entry (QEMU libqos: section 9.1); checked against Linux drivers/iommu/intel/iommu.h struct root_entry, QEMU hw/i386/intel_iommu_internal.h VTD_ROOT_ENTRY_*, VirtualBox include/VBox/iommu-intel.h VTD_BF_0_ROOT_ENTRY_*",
    Summary = "Legacy root entry: bus -> context table")]
public partial struct RootEntry
{
    [Bit(0, Doc = "P: present; when clear a request from this bus faults with 0x01")]
    public partial bool Present { readonly get; set; }

    [Bits(12, 63, Doc = "CTP: context-table pointer, the 4 KiB-aligned physical address of the bus's context table"), Address]
    public partial ulong ContextTablePointer { readonly get; set; }
}
