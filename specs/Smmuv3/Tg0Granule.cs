namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// Translation granule in the TG0 encoding, used by CD.TG0 and STE.S2TG (VTCR.TG0): 0 = 4 KB, 1 = 64 KB,
/// 2 = 16 KB. <see cref="Tg1Granule"/> (CD.TG1) encodes the same sizes differently.
/// </summary>
/// <remarks>Linux io-pgtable-arm.c ARM_LPAE_TCR_TG0_*; QEMU smmu-internal.h tg2granule(bits, 0). 3 is reserved;
/// it is a member so that descriptors report it (rules CD.TG0, STE.S2TG) only when the field is in use.
/// Whether the SMMU implements a granule (IDR5.GRAN*) is the emulator's check.</remarks>
public enum Tg0Granule : byte
{
    /// <summary>4 KB granule.</summary>
    Size4K = 0,

    /// <summary>64 KB granule.</summary>
    Size64K = 1,

    /// <summary>16 KB granule.</summary>
    Size16K = 2,

    /// <summary>Reserved.</summary>
    Reserved3 = 3,
}
