namespace IommuLayouts.Specs.Vmsa;

/// <summary>
/// A VMSAv8-64 stage-1 block (levels 1..2, type bit 0) or page (level 3, type bit 1) descriptor.
/// </summary>
/// <remarks>
/// <para>Bit positions: Linux drivers/iommu/io-pgtable-arm.c (ARM_LPAE_PTE_VALID, _TYPE_BLOCK/_PAGE,
/// _ATTRINDX_SHIFT, _NS, _AP_UNPRIV, _AP_RDONLY, _SH_*, _AF, _nG, _ADDR_MASK, _DBM, _XN) and
/// arch/arm64/include/asm/pgtable-hwdef.h (PTE_GP, PTE_CONT, PTE_PXN, PTE_UXN).</para>
/// <para>Whether the type bit means page or reserved depends on the level, which the descriptor does not
/// know: a walker decides (level 3 with type bit 0 is reserved and faults). For a block the output address
/// is the field's value with the bits below the block size ignored (they are RES0 in the architecture but a
/// walker does not check them). The address field is modelled as in <see cref="VmsaAddress"/>.</para>
/// </remarks>
[BitLayout(64, Name = "vmsa64.s1.leaf", Spec = "Arm ARM D8.3 VMSAv8-64 block and page descriptors, stage 1", Summary = "Stage-1 block or page descriptor")]
[Ignored(55, 58, Doc = "reserved for software use (Linux ARM_LPAE_PTE_SW_SYNC is bit 55)")]
[Ignored(59, 63, Doc = "PBHA[3:0] and bit 63: IGNORED by translation unless FEAT_HPDS2 is enabled")]
public partial struct S1LeafDescriptor
{
    [Bit(0, Doc = "Valid", Spec = "ARM_LPAE_PTE_VALID")]
    public partial bool Valid { readonly get; set; }

    [Bit(1, Doc = "Descriptor type bit: 1 = page (level 3), 0 = block (levels 1..2)", Spec = "ARM_LPAE_PTE_TYPE_PAGE (3) / ARM_LPAE_PTE_TYPE_BLOCK (1)")]
    public partial bool Page { readonly get; set; }

    [Bits(2, 4, Doc = "AttrIndx: index into MAIR", Spec = "ARM_LPAE_PTE_ATTRINDX_SHIFT; pgtable-hwdef.h PTE_ATTRINDX")]
    public partial byte AttrIndx { readonly get; set; }

    [Bit(5, Doc = "NS: output address is in the Non-secure address space", Spec = "ARM_LPAE_PTE_NS")]
    public partial bool NS { readonly get; set; }

    [Bit(6, Doc = "AP[1]: unprivileged (EL0) access allowed", Spec = "ARM_LPAE_PTE_AP_UNPRIV; pgtable-hwdef.h PTE_USER")]
    public partial bool ApUnprivileged { readonly get; set; }

    [Bit(7, Doc = "AP[2]: read-only at every privilege", Spec = "ARM_LPAE_PTE_AP_RDONLY; pgtable-hwdef.h PTE_RDONLY")]
    public partial bool ApReadOnly { readonly get; set; }

    [Bits(8, 9, Doc = "SH: shareability", Spec = "ARM_LPAE_PTE_SH_NS/OS/IS")]
    public partial Shareability SH { readonly get; set; }

    [Bit(10, Doc = "AF: access flag; 0 gives an Access flag fault unless the fault is disabled (AFFD) or hardware updates it", Spec = "ARM_LPAE_PTE_AF")]
    public partial bool AF { readonly get; set; }

    [Bit(11, Doc = "nG: not global, the translation belongs to the current ASID", Spec = "ARM_LPAE_PTE_nG")]
    public partial bool NG { readonly get; set; }

    [Bits(12, 47, Doc = "Output address [47:12] (4K page); blocks use [47:block shift]; 64K granule: bits 15:12 hold address [51:48]", Spec = "ARM_LPAE_PTE_ADDR_MASK; QEMU PTE_ADDRESS"), Address]
    public partial ulong OutputAddress { readonly get; set; }

    [Bit(50, Doc = "GP: guarded page (FEAT_BTI, instruction fetches only)", Spec = "pgtable-hwdef.h PTE_GP")]
    public partial bool GP { readonly get; set; }

    [Bit(51, Doc = "DBM: dirty bit modifier; with AP[2] set the entry is writable-clean under hardware dirty tracking", Spec = "ARM_LPAE_PTE_DBM; pgtable-hwdef.h PTE_DBM")]
    public partial bool DBM { readonly get; set; }

    [Bit(52, Doc = "Contiguous: one of a naturally aligned set of identical entries (a TLB hint)", Spec = "pgtable-hwdef.h PTE_CONT")]
    public partial bool Contiguous { readonly get; set; }

    [Bit(53, Doc = "PXN: privileged execute-never", Spec = "pgtable-hwdef.h PTE_PXN")]
    public partial bool PXN { readonly get; set; }

    [Bit(54, Doc = "UXN: unprivileged execute-never (XN)", Spec = "pgtable-hwdef.h PTE_UXN")]
    public partial bool UXN { readonly get; set; }

    /// <summary>The output address for a granule of <c>1 &lt;&lt; granuleShift</c> bytes (see <see cref="VmsaAddress.Decode"/>).</summary>
    public readonly ulong GetOutputAddress(int granuleShift) => VmsaAddress.Decode(Word, granuleShift);
}
