namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// Translation granule in the TG1 encoding (CD.TG1): 1 = 16 KB, 2 = 4 KB, 3 = 64 KB; 0 is reserved. Unlike
/// <see cref="Tg0Granule"/>, the encoding is shifted so that the same value never means the same size.
/// </summary>
/// <remarks>Linux pgtable-hwdef.h TCR_TG1_*; QEMU smmu-internal.h tg2granule(bits, 1). 0 is reserved; it is a
/// member so that the CD reports it (rule CD.TG1) only when TTB1 walks are enabled.</remarks>
public enum Tg1Granule : byte
{
    /// <summary>Reserved.</summary>
    Reserved0 = 0,

    /// <summary>16 KB granule.</summary>
    Size16K = 1,

    /// <summary>4 KB granule.</summary>
    Size4K = 2,

    /// <summary>64 KB granule.</summary>
    Size64K = 3,
}
