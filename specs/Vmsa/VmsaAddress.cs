namespace IommuLayouts.Specs.Vmsa;

/// <summary>
/// How a VMSAv8-64 descriptor stores its output (or next-table) address, shared by the four descriptor
/// formats. Decision (recorded in specs/NOTES.md): the address field is modelled as bits 47:12, the 4K
/// form of Linux ARM_LPAE_PTE_ADDR_MASK and QEMU PTE_ADDRESS; bits 49:48 are RES0 in the layouts but are
/// read as address bits 49:48 here, so that a walker sees a non-zero value as an address beyond 48 bits
/// (an Address size fault) instead of silently dropping it. With a 64K granule (FEAT_LPA) descriptor bits
/// 15:12 hold address bits 51:48 (Linux io-pgtable-arm.c paddr_to_iopte / iopte_to_paddr), and descriptor
/// bits 49:48 are not address bits (only <c>Validate()</c> reports them).
/// FEAT_LPA2 (4K/16K 52-bit, address bits 51:50 in descriptor bits 9:8) is not modelled.
/// </summary>
public static class VmsaAddress
{
    /// <summary>Descriptor bits 49:12: the address bits a 4K or 16K descriptor can carry (plus 49:48, see the type remarks).</summary>
    public const ulong AddressMask = 0x0003_FFFF_FFFF_F000UL;

    /// <summary>Descriptor bits 47:16 of a 64K-granule descriptor: address bits 47:16.</summary>
    private const ulong AddressMask64K = 0x0000_FFFF_FFFF_0000UL;

    /// <summary>
    /// The address held by <paramref name="descriptor"/> for a granule of <c>1 &lt;&lt; granuleShift</c> bytes
    /// (12, 14 or 16), before any block-size masking.
    /// </summary>
    public static ulong Decode(ulong descriptor, int granuleShift)
    {
        if (granuleShift == 16)
        {
            return (descriptor & AddressMask64K) | (((descriptor >> 12) & 0xF) << 48);
        }

        return descriptor & AddressMask;
    }

    /// <summary>
    /// The descriptor bits that store <paramref name="address"/> (aligned to the granule) for a granule of
    /// <c>1 &lt;&lt; granuleShift</c> bytes: address bits 51:48 go to descriptor bits 15:12 with 64K (Linux paddr_to_iopte).
    /// </summary>
    public static ulong Encode(ulong address, int granuleShift)
    {
        if (granuleShift == 16)
        {
            return (address & AddressMask64K) | (((address >> 48) & 0xF) << 12);
        }

        return address & AddressMask;
    }

    /// <summary>Bits 63:56 of a virtual address: the tag when top-byte-ignore (TBI) is on.</summary>
    private const ulong TagMask = 0xFF00_0000_0000_0000UL;

    /// <summary>
    /// True when VA bit 55 selects the upper address range (TTBR1/TTB1), whatever TBI says (Arm ARM
    /// AArch64.S1Walk/AddrTop; QEMU target/arm select_tt and smmuv3 <c>select_tt</c>).
    /// </summary>
    public static bool IsUpperRange(ulong va) => (va & (1UL << 55)) != 0;

    /// <summary>
    /// The address with its top byte (bits 63:56, a tag under TBI) replaced by copies of bit 55: the canonical form a
    /// TBI translation matches on (Arm ARM AddrTop = 55 when TBI applies).
    /// </summary>
    public static ulong WithoutTag(ulong va) => IsUpperRange(va) ? va | TagMask : va & ~TagMask;
}
