namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// A second-stage (second-level) paging entry, 64 bits, at any level of the second-stage table. There is no
/// present bit: an entry with R and W both clear is not present (Linux <c>dma_pte_present</c>; generic_pt vtdss).
/// </summary>
/// <remarks>
/// <para>Every bit is claimed by a field or ignored, so <see cref="Validate"/> finds nothing on its own. The reserved
/// bits of this format depend on the level and on the remapping unit, and belong to the walker (fault 0x0C legacy,
/// 0x7A scalable): address bits at or above the host address width; PS at level 4 (and above); in a 2 MiB leaf
/// the address bits 20:12, in a 1 GiB leaf 29:12; SNP in non-leaf entries (and in leaves unless ECAP.SC or
/// scalable mode); TM unless ECAP.DT (QEMU <c>vtd_spte_rsvd</c>/<c>vtd_spte_rsvd_large</c>). Large pages need
/// CAP.SSLPS.</para>
/// <para>Bits 8..9 are A/D as generic_pt vtdss and Linux (<c>DMA_SL_PTE_DIRTY_BIT</c>) define them; EDK2's older
/// layout calls 8..10 ignored. Bit 62 is TM as QEMU and EDK2 define it; VirtualBox calls it reserved.</para>
/// </remarks>
[BitLayout(64, Name = "vtd.ss-pte",
    Spec = "VT-d spec Second-Stage Paging Entries; checked against Linux drivers/iommu/intel/iommu.h DMA_PTE_*, drivers/iommu/generic_pt/fmt/vtdss.h VTDSS_FMT_*, QEMU VTD_SS_*/VTD_SPTE_SNP, EDK2 Vtd.h VTD_SECOND_LEVEL_PAGING_ENTRY, VirtualBox VTD_BF_SLP_ENTRY_*",
    Summary = "Second-stage paging entry (any level)")]
[Ignored(10, 10, Doc = "available to software (generic_pt vtdss pt_sw_bit(0))")]
[Ignored(52, 61, Doc = "ignored (QEMU VTD_SS_IGN_COM, EDK2 Ignored_52)")]
[Ignored(63, 63, Doc = "ignored (QEMU VTD_SS_IGN_COM)")]
public partial struct SecondStagePageTableEntry
{
    [Bit(0, Doc = "R: read permission (Linux DMA_PTE_READ); R = W = 0 means not present")]
    public partial bool Readable { readonly get; set; }

    [Bit(1, Doc = "W: write permission (Linux DMA_PTE_WRITE)")]
    public partial bool Writable { readonly get; set; }

    [Bit(2, Doc = "X: execute permission, honoured when the PASID entry's SSEE is set (EDK2, VirtualBox; unused by Linux and QEMU)")]
    public partial bool Executable { readonly get; set; }

    [Bits(3, 5, Doc = "EMT: extended memory type of a leaf (EDK2 ExtendedMemoryType)")]
    public partial byte ExtendedMemoryType { readonly get; set; }

    [Bit(6, Doc = "IPAT: ignore PAT for a leaf (EDK2 IgnorePAT)")]
    public partial bool IgnorePat { readonly get; set; }

    [Bit(7, Doc = "PS: page size; set in a level-2 (2 MiB) or level-3 (1 GiB) entry that maps a page (Linux DMA_PTE_LARGE_PAGE)")]
    public partial bool PageSize { readonly get; set; }

    [Bit(8, Doc = "A: accessed, set by hardware when the PASID entry's SSADE is set (generic_pt VTDSS_FMT_A)")]
    public partial bool Accessed { readonly get; set; }

    [Bit(9, Doc = "D: dirty, set by hardware in a leaf when SSADE is set (Linux DMA_SL_PTE_DIRTY_BIT)")]
    public partial bool Dirty { readonly get; set; }

    [Bit(11, Doc = "SNP: snoop, accesses to this leaf page snoop the CPU caches (Linux DMA_PTE_SNP; QEMU VTD_SPTE_SNP)")]
    public partial bool Snoop { readonly get; set; }

    [Bits(12, 51, Doc = "ADDR: physical address of the next-level table, or of the page for a leaf (4 KiB, 2 MiB or 1 GiB aligned)"), Address]
    public partial ulong Address { readonly get; set; }

    [Bit(62, Doc = "TM: transient mapping, the device-TLB must not keep this translation (QEMU VTD_SS_TM, EDK2 TransientMapping)")]
    public partial bool TransientMapping { readonly get; set; }

    /// <summary>True when the entry is present: R or W set.</summary>
    public readonly bool IsPresent => Readable || Writable;
}
