namespace IommuLayouts.Specs.Vmsa;

/// <summary>
/// A VMSAv8-64 stage-2 table descriptor (levels 0..2). Stage 2 has no hierarchical attributes: bits 63:59
/// are RES0.
/// </summary>
/// <remarks>
/// Bit positions: Linux drivers/iommu/io-pgtable-arm.c (ARM_LPAE_PTE_TYPE_TABLE, ARM_LPAE_PTE_ADDR_MASK).
/// The address field is modelled as in <see cref="S1TableDescriptor"/> (bits 47:12; 64K granule: 15:12
/// hold address bits 51:48).
/// </remarks>
[BitLayout(64, Name = "vmsa64.s2.table", Spec = "Arm ARM D8.3 VMSAv8-64 table descriptor, stage 2", Summary = "Stage-2 table descriptor")]
[Ignored(2, 11, Doc = "IGNORED in table descriptors")]
[Ignored(52, 58, Doc = "IGNORED in table descriptors (58:55 available to software)")]
public partial struct S2TableDescriptor
{
    [Bit(0, Doc = "Valid", Spec = "ARM_LPAE_PTE_VALID")]
    public partial bool Valid { readonly get; set; }

    [Bit(1, Doc = "Descriptor type bit: 1 = table descriptor", Spec = "ARM_LPAE_PTE_TYPE_TABLE (3)")]
    public partial bool Table { readonly get; set; }

    [Bits(12, 47, Doc = "Next-level table address [47:12] (4K/16K); with a 64K granule bits 15:12 hold address [51:48]", Spec = "ARM_LPAE_PTE_ADDR_MASK"), Address]
    public partial ulong NextTableAddress { readonly get; set; }

    /// <summary>The next-level table address for a granule of <c>1 &lt;&lt; granuleShift</c> bytes (see <see cref="S1TableDescriptor.GetNextTableAddress(int)"/>).</summary>
    public readonly ulong GetNextTableAddress(int granuleShift) => VmsaAddress.Decode(Word, granuleShift);
}
