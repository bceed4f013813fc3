namespace IommuLayouts.Specs.Vmsa;

/// <summary>
/// A VMSAv8-64 stage-2 block (levels 1..2, type bit 0) or page (level 3, type bit 1) descriptor.
/// </summary>
/// <remarks>
/// <para>Bit positions: Linux drivers/iommu/io-pgtable-arm.c (ARM_LPAE_PTE_MEMATTR_*, ARM_LPAE_PTE_HAP_READ
/// / _WRITE, _SH_*, _AF, _ADDR_MASK, _DBM, _XN = 3 &lt;&lt; 53) and pgtable-hwdef.h (PTE_S2_MEMATTR, PTE_CONT).</para>
/// <para>XN is two bits (54:53): FEAT_XNX gives bit 53 a meaning (XN[0]); without it only bit 54 (XN[1])
/// matters and bit 53 is RES0. Linux sets both (ARM_LPAE_PTE_XN), so the layout claims both and a walker
/// decides by its configuration. Bit 11 is RES0 (stage 2 has no nG).</para>
/// </remarks>
[BitLayout(64, Name = "vmsa64.s2.leaf", Spec = "Arm ARM D8.3 VMSAv8-64 block and page descriptors, stage 2", Summary = "Stage-2 block or page descriptor")]
[Ignored(55, 58, Doc = "reserved for software use")]
[Ignored(59, 63, Doc = "PBHA[3:0] and bit 63: IGNORED by translation unless FEAT_HPDS2 is enabled")]
public partial struct S2LeafDescriptor
{
    [Bit(0, Doc = "Valid", Spec = "ARM_LPAE_PTE_VALID")]
    public partial bool Valid { readonly get; set; }

    [Bit(1, Doc = "Descriptor type bit: 1 = page (level 3), 0 = block (levels 1..2)", Spec = "ARM_LPAE_PTE_TYPE_PAGE (3) / ARM_LPAE_PTE_TYPE_BLOCK (1)")]
    public partial bool Page { readonly get; set; }

    [Bits(2, 5, Doc = "MemAttr: stage-2 memory type (0xF Normal WB, 0x5 Normal NC, 0x1 Device-nGnRE)", Spec = "ARM_LPAE_PTE_MEMATTR_OIWB/NC/DEV; pgtable-hwdef.h PTE_S2_MEMATTR")]
    public partial byte MemAttr { readonly get; set; }

    [Bit(6, Doc = "S2AP[0]: read access allowed", Spec = "ARM_LPAE_PTE_HAP_READ")]
    public partial bool S2ApRead { readonly get; set; }

    [Bit(7, Doc = "S2AP[1]: write access allowed", Spec = "ARM_LPAE_PTE_HAP_WRITE")]
    public partial bool S2ApWrite { readonly get; set; }

    [Bits(8, 9, Doc = "SH: shareability", Spec = "ARM_LPAE_PTE_SH_NS/OS/IS")]
    public partial Shareability SH { readonly get; set; }

    [Bit(10, Doc = "AF: access flag; 0 gives an Access flag fault unless the fault is disabled (S2AFFD)", Spec = "ARM_LPAE_PTE_AF")]
    public partial bool AF { readonly get; set; }

    [Bits(12, 47, Doc = "Output address [47:12] (4K page); blocks use [47:block shift]; 64K granule: bits 15:12 hold address [51:48]", Spec = "ARM_LPAE_PTE_ADDR_MASK; QEMU PTE_ADDRESS"), Address]
    public partial ulong OutputAddress { readonly get; set; }

    [Bit(51, Doc = "DBM: dirty bit modifier", Spec = "ARM_LPAE_PTE_DBM")]
    public partial bool DBM { readonly get; set; }

    [Bit(52, Doc = "Contiguous: one of a naturally aligned set of identical entries (a TLB hint)", Spec = "pgtable-hwdef.h PTE_CONT")]
    public partial bool Contiguous { readonly get; set; }

    [Bits(53, 54, Doc = "XN[1:0]: bit 54 execute-never; bit 53 (FEAT_XNX) splits it by privilege: 0 executable, 1 not at EL1, 2 never, 3 not at EL0", Spec = "ARM_LPAE_PTE_XN (3 << 53)")]
    public partial byte XN { readonly get; set; }

    /// <summary>The output address for a granule of <c>1 &lt;&lt; granuleShift</c> bytes (see <see cref="VmsaAddress.Decode"/>).</summary>
    public readonly ulong GetOutputAddress(int granuleShift) => VmsaAddress.Decode(Word, granuleShift);
}
