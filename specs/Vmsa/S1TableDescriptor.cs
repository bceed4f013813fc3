namespace IommuLayouts.Specs.Vmsa;

/// <summary>
/// A VMSAv8-64 stage-1 table descriptor (levels 0..2): points at the next-level table and carries the
/// hierarchical attributes APTable, PXNTable, UXNTable and NSTable that restrict every entry below it.
/// </summary>
/// <remarks>
/// <para>Bit positions: Linux drivers/iommu/io-pgtable-arm.c (ARM_LPAE_PTE_TYPE_TABLE, ARM_LPAE_PTE_ADDR_MASK,
/// ARM_LPAE_PTE_NSTABLE) and arch/arm64/include/asm/pgtable-hwdef.h (PMD_TABLE_PXN, PMD_TABLE_UXN,
/// S1_TABLE_AP); QEMU hw/arm/smmu-internal.h PTE_APTABLE.</para>
/// <para>The address field is bits 47:12 as for a 4K granule (ARM_LPAE_PTE_ADDR_MASK). With a 64K granule
/// and a 52-bit output size, bits 15:12 hold address bits 51:48 instead (Linux paddr_to_iopte); use
/// <see cref="GetNextTableAddress(int)"/> to decode the address for a given granule. Bits 51:48 are RES0
/// here: a table walker that finds them set treats the address as beyond 48 bits (an Address size fault).</para>
/// </remarks>
[BitLayout(64, Name = "vmsa64.s1.table", Spec = "Arm ARM D8.3 VMSAv8-64 table descriptor, stage 1", Summary = "Stage-1 table descriptor")]
[Ignored(2, 11, Doc = "IGNORED in table descriptors")]
[Ignored(52, 58, Doc = "IGNORED in table descriptors (58:55 available to software)")]
public partial struct S1TableDescriptor
{
    [Bit(0, Doc = "Valid", Spec = "ARM_LPAE_PTE_VALID")]
    public partial bool Valid { readonly get; set; }

    [Bit(1, Doc = "Descriptor type bit: 1 = table descriptor (0 at levels 0..2 would be a block)", Spec = "ARM_LPAE_PTE_TYPE_TABLE (3)")]
    public partial bool Table { readonly get; set; }

    [Bits(12, 47, Doc = "Next-level table address [47:12] (4K/16K); with a 64K granule bits 15:12 hold address [51:48]", Spec = "ARM_LPAE_PTE_ADDR_MASK"), Address]
    public partial ulong NextTableAddress { readonly get; set; }

    [Bit(59, Doc = "PXNTable: privileged execute-never for every entry below", Spec = "pgtable-hwdef.h PMD_TABLE_PXN")]
    public partial bool PxnTable { readonly get; set; }

    [Bit(60, Doc = "UXNTable: unprivileged execute-never for every entry below", Spec = "pgtable-hwdef.h PMD_TABLE_UXN")]
    public partial bool UxnTable { readonly get; set; }

    [Bit(61, Doc = "APTable[0]: no unprivileged access below", Spec = "pgtable-hwdef.h S1_TABLE_AP; QEMU PTE_APTABLE")]
    public partial bool ApTableNoUnprivileged { readonly get; set; }

    [Bit(62, Doc = "APTable[1]: no write access below", Spec = "pgtable-hwdef.h S1_TABLE_AP; QEMU PTE_APTABLE")]
    public partial bool ApTableReadOnly { readonly get; set; }

    [Bit(63, Doc = "NSTable: next-level table is in the Non-secure address space", Spec = "ARM_LPAE_PTE_NSTABLE")]
    public partial bool NsTable { readonly get; set; }

    /// <summary>
    /// The next-level table address for a granule of <c>1 &lt;&lt; granuleShift</c> bytes: with 64K (shift 16)
    /// descriptor bits 15:12 are address bits 51:48 (Linux io-pgtable-arm.c iopte_to_paddr).
    /// </summary>
    public readonly ulong GetNextTableAddress(int granuleShift) => VmsaAddress.Decode(Word, granuleShift);
}
