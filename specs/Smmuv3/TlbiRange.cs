namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// The range fields of CMD_TLBI_NH_VA, CMD_TLBI_NH_VAA and CMD_TLBI_S2_IPA (SMMUv3.2 range invalidation, IDR3.RIL):
/// TG names the translation granule, and NUM and SCALE the number of granules (Arm IHI 0070 §4.4; Linux
/// arm-smmu-v3.c arm_smmu_cmdq_batch_add_range: "Convert page size of 12,14,16 (log2) to 1,2,3",
/// <c>cmd-&gt;tlbi.tg = (tg - 10) / 2</c>, <c>num_pages = size &gt;&gt; tg</c> split into NUM + 1 and 2^SCALE).
/// </summary>
public static class TlbiRange
{
    /// <summary>log2 of the granule TG selects: 12 (4 KB) for 1, 14 (16 KB) for 2, 16 (64 KB) for 3; 0 for TG = 0 (no range).</summary>
    public static int GranuleShift(byte tg) => tg == 0 ? 0 : 10 + (2 * tg);

    /// <summary>The number of granules the range covers: (NUM + 1) × 2^SCALE.</summary>
    public static ulong Granules(byte num, byte scale) => (ulong)(num + 1) << scale;
}
