using System.Runtime.CompilerServices;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// Level arithmetic of VMSAv8-64 tables (QEMU hw/arm/smmu-internal.h level_shift / VMSA_STRIDE;
/// Linux io-pgtable-arm.c ARM_LPAE_LVL_SHIFT): a table has 2^stride entries with stride = granule shift − 3,
/// and level <c>l</c> resolves input bits [levelShift(l) + stride − 1 : levelShift(l)].
/// </summary>
public static class VmsaGeometry
{
    /// <summary>Deepest level (the page level).</summary>
    public const int LastLevel = 3;

    /// <summary>Most tables a stage-2 start level may concatenate (Linux ARM_LPAE_S2_MAX_CONCAT_PAGES, QEMU VMSA_MAX_S2_CONCAT).</summary>
    public const int MaxConcatenatedTables = 16;

    /// <summary>Index bits per level below the start level.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Stride(TranslationGranule granule) => (int)granule - 3;

    /// <summary>The lowest input bit resolved at <paramref name="level"/>; also log2 of the size a leaf there maps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LevelShift(TranslationGranule granule, int level) => (int)granule + ((LastLevel - level) * Stride(granule));

    /// <summary>
    /// The stage-1 start level for an input size of <paramref name="inputSize"/> bits: 4 − ceil((inputSize − g) / stride)
    /// (QEMU smmu_ptw_64_s1; Linux ARM64_HW_PGTABLE_LEVELS).
    /// </summary>
    public static int Stage1StartLevel(TranslationGranule granule, int inputSize)
    {
        var stride = Stride(granule);
        var levels = (inputSize - (int)granule + stride - 1) / stride;
        return 4 - levels;
    }

    /// <summary>
    /// The stage-2 start level encoded by SL0, or −1 when the encoding is reserved: 4K: 2 − SL0; 16K/64K: 3 − SL0;
    /// SL0 = 3 reserved (QEMU smmu-common.c get_start_level; Linux io-pgtable-arm.c encodes vtcr->sl = ~sl &amp; 3
    /// with sl = start level, plus one for 4K).
    /// </summary>
    public static int Stage2StartLevel(TranslationGranule granule, int sl0)
    {
        if (sl0 is < 0 or > 2)
        {
            return -1;
        }

        return granule == TranslationGranule.Size4K ? 2 - sl0 : 3 - sl0;
    }

    /// <summary>The SL0 encoding of a stage-2 start level, or −1 if none encodes it.</summary>
    public static int Stage2Sl0(TranslationGranule granule, int startLevel)
    {
        var sl0 = granule == TranslationGranule.Size4K ? 2 - startLevel : 3 - startLevel;
        return sl0 is >= 0 and <= 2 ? sl0 : -1;
    }

    /// <summary>
    /// Whether a block descriptor is allowed at <paramref name="level"/> (0..2): 4K at levels 1 and 2, 16K at level 2,
    /// 64K at level 2 and, when the physical address size is 52 bits (<paramref name="physicalAddress52"/>, FEAT_LPA), at
    /// level 1 (Arm ARM AArch64.BlockDescSupported; QEMU target/arm/ptw.c lpae_block_desc_valid). Level-0 4K and level-1
    /// 16K blocks need FEAT_LPA2 (DS), not modelled.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BlockAllowed(TranslationGranule granule, int level, bool physicalAddress52 = false) =>
        level == 2
        || (level == 1 && (granule == TranslationGranule.Size4K || (granule == TranslationGranule.Size64K && physicalAddress52)));

    /// <summary>True for 4K, 16K and 64K.</summary>
    public static bool IsDefined(TranslationGranule granule) =>
        granule is TranslationGranule.Size4K or TranslationGranule.Size16K or TranslationGranule.Size64K;

    /// <summary>
    /// The output size a walk enforces: the configured one, capped to 48 bits unless the granule is 64K (QEMU
    /// smmuv3.c caps OAS to 48 for 4K/16K; 52-bit output with 4K/16K needs FEAT_LPA2).
    /// </summary>
    public static int EffectiveOutputSize(TranslationGranule granule, int outputSize) =>
        granule == TranslationGranule.Size64K || outputSize <= 48 ? outputSize : 48;
}
