using IommuLayouts.Specs.Smmuv3;
using Xunit;
using static IommuLayouts.Specs.Tests.Updates.LinuxSmmuEntries;

namespace IommuLayouts.Specs.Tests.Updates;

/// <summary>
/// The generated used bits of the STE and CD against Linux arm_smmu_get_ste_used / arm_smmu_get_cd_used
/// (drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c, with the MEV, S2FWB and S2S additions). Linux lists only the bits its
/// driver writes; the spec adds the architected overrides (MemAttr..INSTCFG for any non-abort Config, S2AFFD/S2HD/S2HA
/// for stage 2) and the TTB1 controls under EPD1, so those are checked as the only extra bits.
/// </summary>
public sealed class SteUsedBitsTests
{
    private static ulong[] Used(StreamTableEntry e)
    {
        var used = new ulong[8];
        for (var i = 0; i < 8; i++)
        {
            used[i] = e.UsedBits(i);
        }

        return used;
    }

    // STRTAB_STE_1 overrides the driver does not list: MemAttr[35:32] MTCFG[36] ALLOCCFG[40:37] NSCFG[47:46] PRIVCFG[49:48] INSTCFG[51:50].
    private static readonly ulong Overrides = GenMask(40, 32) | GenMask(51, 46);

    [Fact]
    public void An_invalid_ste_uses_only_v() => Assert.Equal([1UL, 0, 0, 0, 0, 0, 0, 0], Used(StreamTableEntry.FromWords([0xFFFF_FFFF_FFFF_FFFEUL, ulong.MaxValue])));

    [Fact]
    public void An_abort_ste_uses_v_and_config() => Assert.Equal([GenMask(3, 0), 0, 0, 0, 0, 0, 0, 0], Used(Abort));

    [Fact]
    public void A_bypass_ste_uses_shcfg_and_the_overrides() => Assert.Equal([GenMask(3, 0), GenMask(45, 44) | Overrides, 0, 0, 0, 0, 0, 0], Used(Bypass));

    [Fact]
    public void A_stage1_ste_uses_the_cd_table_fields()
    {
        var used = Used(CdTable(S1DssSsid0, FakeCdTable));
        Assert.Equal(GenMask(3, 0) | GenMask(5, 4) | GenMask(51, 6) | GenMask(63, 59), used[0]);
        // S1DSS S1CIR S1COR S1CSH [7:0], MEV [19], S1STALLD [27], EATS [29:28], STRW [31:30]; SHCFG only with S1DSS = BYPASS.
        Assert.Equal(GenMask(7, 0) | Mev | (1UL << 27) | GenMask(31, 28) | Overrides, used[1]);
        Assert.Equal(GenMask(15, 0), used[2]);
        Assert.Equal(GenMask(45, 44), Used(CdTable(S1DssBypass, FakeCdTable))[1] & GenMask(45, 44));
    }

    [Fact]
    public void A_stage2_ste_uses_vtcr_and_the_table()
    {
        var used = Used(S2());
        Assert.Equal(GenMask(3, 0), used[0]);
        // S2FWB [25], EATS [29:28], SHCFG [45:44], MEV [19].
        Assert.Equal((1UL << 25) | GenMask(29, 28) | GenMask(45, 44) | Mev | Overrides, used[1]);
        // S2VMID [15:0], VTCR [50:32], S2AA64 [51], S2ENDI [52], S2PTW [54], S2S [57], S2R [58]; plus S2AFFD [53], S2HD [55], S2HA [56].
        Assert.Equal(GenMask(15, 0) | GenMask(58, 32), used[2]);
        Assert.Equal(GenMask(51, 4), used[3]);
    }

    [Fact]
    public void A_cd_with_epd0_does_not_use_the_ttb0_fields()
    {
        var cd = SvaCd(1, released: true);
        // CTXDESC_CD_0_TCR_T0SZ/TG0/IRGN0/ORGN0/SH0 [13:0] and CTXDESC_CD_1_TTB0_MASK [51:4] are IGNORED under EPD0.
        Assert.Equal(0UL, cd.UsedBits(0) & GenMask(13, 0));
        Assert.Equal(0UL, cd.UsedBits(1) & GenMask(51, 4));
        Assert.Equal(GenMask(13, 0), SvaCd(1).UsedBits(0) & GenMask(13, 0));
        Assert.Equal(1UL << 31, default(ContextDescriptor).UsedBits(0));
    }
}
