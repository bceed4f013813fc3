namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_STRTAB_BASE (offset 0x80, 64-bit): the stream table's address.</summary>
/// <remarks><c>Validate()</c> reports RES0 bits. The alignment of the table to its size depends on STRTAB_BASE_CFG: the emulator's check (QEMU aligns the base down instead).</remarks>
[BitLayout(64, Name = "smmuv3.strtab-base",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h STRTAB_BASE_*; QEMU SMMU_BASE_ADDR_MASK",
    Summary = "SMMUv3 STRTAB_BASE register")]
public partial struct StrtabBase
{
    /// <summary>Stream table (or L1STD array) address, bits 51:6.</summary>
    [Bits(6, 51), Address] public partial ulong ADDR { readonly get; set; }

    /// <summary>Read-allocate hint for table fetches (Linux always sets it).</summary>
    [Bit(62)] public partial bool RA { readonly get; set; }
}
