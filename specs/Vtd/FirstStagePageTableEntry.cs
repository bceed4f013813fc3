namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// A first-stage (first-level) paging entry, 64 bits: the IA-32e (x86-64) page-table format, at any level of a
/// 4- or 5-level first-stage table.
/// </summary>
/// <remarks>
/// <para>Every bit is claimed by a field or ignored, so <see cref="Validate"/> finds nothing on its own. The reserved
/// bits of this format depend on the level and on the remapping unit, and belong to the walker (fault 0x72):
/// address bits at or above the host address width; PS in a level-4 (or level-5) entry; in a 2 MiB leaf the
/// address bits 20:13, in a 1 GiB leaf 29:13 (bit 12 is then PAT); XD when the PASID entry's NXE is clear
/// (QEMU <c>vtd_fpte_rsvd</c>). 1 GiB pages need CAP.FS1GP.</para>
/// <para>When P is clear every other bit is available to software, as on x86. D (6) and G (8) mean something only
/// in a leaf; in a 4 KiB leaf bit 7 is the PAT bit rather than PS (EDK2 note).</para>
/// <para>XD (63) follows Linux (<c>DMA_FL_PTE_XD</c>), VirtualBox and EDK2; QEMU treats bits 52..63, XD included,
/// as ignored (<c>VTD_FS_UPPER_IGNORED</c>).</para>
/// </remarks>
[BitLayout(64, Name = "vtd.fs-pte",
    Spec = "VT-d spec First-Stage Paging Entries (IA-32e format; QEMU libqos: section 9.9); checked against Linux drivers/iommu/intel/iommu.h DMA_FL_PTE_*, QEMU VTD_FS_*, EDK2 Vtd.h VTD_FIRST_LEVEL_PAGING_ENTRY, VirtualBox VTD_BF_FLP_ENTRY_*",
    Summary = "First-stage paging entry (any level, IA-32e format)")]
[Ignored(9, 9, Doc = "ignored (EDK2, VirtualBox IGN_9_8)")]
[Ignored(11, 11, Doc = "ignored (EDK2, VirtualBox IGN_11)")]
[Ignored(52, 62, Doc = "ignored (EDK2, VirtualBox IGN_62_52; protection keys on CPUs are not used by VT-d)")]
public partial struct FirstStagePageTableEntry
{
    [Bit(0, Doc = "P: present (Linux DMA_FL_PTE_PRESENT; QEMU VTD_FS_P); when clear the walk faults with 0x71")]
    public partial bool Present { readonly get; set; }

    [Bit(1, Doc = "R/W: writes allowed when set (QEMU VTD_FS_RW)")]
    public partial bool ReadWrite { readonly get; set; }

    [Bit(2, Doc = "U/S: user accesses allowed when set (Linux DMA_FL_PTE_US; QEMU fault 0x81 when clear for a user request)")]
    public partial bool UserSupervisor { readonly get; set; }

    [Bit(3, Doc = "PWT: page-level write-through")]
    public partial bool PageWriteThrough { readonly get; set; }

    [Bit(4, Doc = "PCD: page-level cache disable")]
    public partial bool PageCacheDisable { readonly get; set; }

    [Bit(5, Doc = "A: accessed, set by hardware on every entry walked (Linux DMA_FL_PTE_ACCESS)")]
    public partial bool Accessed { readonly get; set; }

    [Bit(6, Doc = "D: dirty, set by hardware in a leaf on a write (Linux DMA_FL_PTE_DIRTY); ignored in non-leaf entries")]
    public partial bool Dirty { readonly get; set; }

    [Bit(7, Doc = "PS: page size; set in a level-2 (2 MiB) or level-3 (1 GiB) entry that maps a page. In a 4 KiB leaf this bit is PAT")]
    public partial bool PageSize { readonly get; set; }

    [Bit(8, Doc = "G: global, the translation is shared by all PASIDs of the domain (leaf only; EDK2 Global)")]
    public partial bool Global { readonly get; set; }

    [Bit(10, Doc = "EA: extended accessed, set by hardware when the PASID entry's EAFE is set (EDK2, VirtualBox)")]
    public partial bool ExtendedAccessed { readonly get; set; }

    [Bits(12, 51, Doc = "ADDR: physical address of the next-level table or of the page; in a 2 MiB or 1 GiB leaf, bit 12 is PAT"), Address]
    public partial ulong Address { readonly get; set; }

    [Bit(63, Doc = "XD: execute disable, honoured when the PASID entry's NXE is set (Linux 6.6 DMA_FL_PTE_XD; QEMU ignores it)")]
    public partial bool ExecuteDisable { readonly get; set; }
}
