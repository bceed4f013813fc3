namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// A scalable-mode PASID directory entry (64 bits). The directory is indexed by PASID[19:6]; each present entry
/// points to a 4 KiB PASID table of 64 <see cref="PasidEntry"/> indexed by PASID[5:0].
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports reserved bits 2..11. A table pointer above the host address width is the
/// emulator's check (fault 0x52). QEMU honours FPD even when P is clear (<c>vtd_ce_get_pasid_fpd</c>).
/// </remarks>
[BitLayout(64, Name = "vtd.pasid-dir",
    Spec = "VT-d spec Scalable-Mode PASID Directory Entry (QEMU libqos: section 9.5); checked against Linux drivers/iommu/intel/pasid.h (PASID_PTE_PRESENT, PASID_PTE_FPD, PDE_PFN_MASK), QEMU VTD_PASID_DIR_*, VirtualBox VTD_BF_SM_PASID_DIR_ENTRY_*",
    Summary = "PASID directory entry: PASID[19:6] -> PASID table")]
public partial struct PasidDirectoryEntry
{
    [Bit(0, Doc = "P: present; when clear a request with a PASID in this range faults (0x51)")]
    public partial bool Present { readonly get; set; }

    [Bit(1, Doc = "FPD: fault processing disable for qualified faults of the PASIDs under this entry")]
    public partial bool FaultProcessingDisable { readonly get; set; }

    /// <summary>Index of the directory entry for <paramref name="pasid"/>: PASID[19:6] (QEMU <c>VTD_PASID_DIR_INDEX</c>).</summary>
    public static int IndexOf(uint pasid) => (int)((pasid >> 6) & 0x3FFF);

    [Bits(12, 63, Doc = "SMPTBLPTR: 4 KiB-aligned physical address of the scalable-mode PASID table (64 entries of 64 bytes)"), Address]
    public partial ulong PasidTablePointer { readonly get; set; }
}
