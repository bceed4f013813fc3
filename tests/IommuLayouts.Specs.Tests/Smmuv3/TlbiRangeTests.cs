using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// TLBI range fields, from Linux arm-smmu-v3.c arm_smmu_cmdq_batch_add_range ("Convert page size of 12,14,16 (log2) to
/// 1,2,3": <c>cmd-&gt;tlbi.tg = (tg - 10) / 2</c>; NUM and SCALE from <c>num_pages</c>: SCALE = __ffs(num_pages),
/// NUM = (num_pages &gt;&gt; SCALE) - 1 up to 31).
/// </summary>
public sealed class TlbiRangeTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 12)]
    [InlineData(2, 14)]
    [InlineData(3, 16)]
    public void Tg_names_the_granule(byte tg, int shift) => Assert.Equal(shift, TlbiRange.GranuleShift(tg));

    [Theory]
    // 96 pages: SCALE = __ffs(96) = 5, NUM = (96 >> 5) - 1 = 2. 1 page: SCALE 0, NUM 0. 31 << 20 max: NUM 30, SCALE 20.
    [InlineData(2, 5, 96UL)]
    [InlineData(0, 0, 1UL)]
    [InlineData(30, 20, 31UL << 20)]
    public void Num_and_scale_count_granules(byte num, byte scale, ulong granules) => Assert.Equal(granules, TlbiRange.Granules(num, scale));
}
