namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// STE.S1Fmt (bits 5:4): the shape of the context-descriptor table that S1ContextPtr points to.
/// </summary>
/// <remarks>
/// Linux arm-smmu-v3.h defines LINEAR (0) and 64K_L2 (2); the 4 KB-leaf split (1) appears only in an
/// out-of-tree SVA series but is the architected middle encoding, so it is a member. 3 is reserved: it is a
/// member only so that <see cref="StreamTableEntry"/> can report it when stage 1 is in use and stay silent
/// when the field is unused (the generator would report a non-member unconditionally).
/// </remarks>
public enum SteS1Format : byte
{
    /// <summary>A linear table of 2^S1CDMax CDs indexed by SubstreamID.</summary>
    Linear = 0,

    /// <summary>Two levels: L1CDs pointing to 4 KB leaf tables of 64 CDs.</summary>
    TwoLevel4K = 1,

    /// <summary>Two levels: L1CDs pointing to 64 KB leaf tables of 1024 CDs (STRTAB_STE_0_S1FMT_64K_L2).</summary>
    TwoLevel64K = 2,

    /// <summary>Reserved; reported by <see cref="StreamTableEntry"/> validation (rule STE.S1FMT) when stage 1 is enabled.</summary>
    Reserved3 = 3,
}
