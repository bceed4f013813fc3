namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// VMSAv8-64 walk geometry that STE and CD validation needs: granule sizes, the legal TxSZ range, start
/// levels and the size of the start-level table. Shared by <see cref="StreamTableEntry"/> and
/// <see cref="ContextDescriptor"/>; the walkers have their own copy of the arithmetic in the emulator.
/// </summary>
/// <remarks>
/// Level arithmetic as in QEMU smmu-internal.h (level_shift, stride = granule shift - 3) and Linux
/// io-pgtable-arm.c (levels = ceil((ias - pg_shift) / bits_per_level)). The TxSZ range is the widest any
/// SMMUv3 accepts for the granule: 16..48 for 4 KB and 16 KB (48 needs IDR3.STT), 12..47 for 64 KB (below 16
/// needs a 52-bit input size, IDR5.VAX/OAS). Narrowing it to what one SMMU implements is the emulator's job.
/// </remarks>
internal static class Vmsa64Geometry
{
    /// <summary>log2 of the granule size, or 0 for the reserved encoding.</summary>
    public static int GranuleShift(Tg0Granule granule) => granule switch
    {
        Tg0Granule.Size4K => 12,
        Tg0Granule.Size16K => 14,
        Tg0Granule.Size64K => 16,
        _ => 0,
    };

    /// <summary>log2 of the granule size, or 0 for the reserved encoding.</summary>
    public static int GranuleShift(Tg1Granule granule) => granule switch
    {
        Tg1Granule.Size4K => 12,
        Tg1Granule.Size16K => 14,
        Tg1Granule.Size64K => 16,
        _ => 0,
    };

    /// <summary>Smallest legal TxSZ for a granule (largest input range: 52 bits with 64 KB, else 48).</summary>
    public static int MinTxSz(int granuleShift) => granuleShift == 16 ? 12 : 16;

    /// <summary>Largest legal TxSZ for a granule (smallest input range, with small translation tables).</summary>
    public static int MaxTxSz(int granuleShift) => granuleShift == 16 ? 47 : 48;

    /// <summary>Address bit at which a level's index starts (QEMU level_shift).</summary>
    public static int LevelShift(int level, int granuleShift) => granuleShift + ((3 - level) * (granuleShift - 3));

    /// <summary>Stage-1 start level for an input size: 4 - ceil((ias - g) / stride).</summary>
    public static int Stage1StartLevel(int inputBits, int granuleShift) => 4 - ((inputBits - 4) / (granuleShift - 3));

    /// <summary>
    /// Stage-2 start level selected by STE.S2SL0, or -1 when the encoding is reserved for the granule.
    /// 4 KB: 0/1/2 = level 2/1/0 and 3 = level 3 (valid only with IDR3.STT, the emulator's check);
    /// 16 KB and 64 KB: 0/1/2 = level 3/2/1, 3 reserved (16 KB level 0 needs an LPA2 DS bit this STE lacks).
    /// </summary>
    public static int Stage2StartLevel(int sl0, int granuleShift) => granuleShift switch
    {
        12 => sl0 == 3 ? 3 : 2 - sl0,
        _ => sl0 == 3 ? -1 : 3 - sl0,
    };

    /// <summary>
    /// Input sizes a stage-2 walk starting at <paramref name="level"/> can resolve: at least one bit at the
    /// start level, at most a full level plus 16 concatenated tables (Arm ARM AArch64.S2InconsistentSL).
    /// </summary>
    public static (int Min, int Max) Stage2InputRange(int level, int granuleShift)
    {
        var stride = granuleShift - 3;
        var min = ((3 - level) * stride) + granuleShift + 1;
        return (min, min + (stride - 1) + 4);
    }

    /// <summary>log2 of the byte size of the start-level table (with concatenated tables at stage 2).</summary>
    public static int StartTableSizeLog2(int inputBits, int level, int granuleShift) =>
        inputBits - LevelShift(level, granuleShift) + 3;
}
