using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Specs.Tests.Updates;

/// <summary>
/// The STEs and CDs of Linux drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-test.c, built word by word from the driver's
/// own masks (arm-smmu-v3.h STRTAB_STE_* / CTXDESC_CD_*) as its make functions fill them (arm_smmu_make_abort_ste,
/// arm_smmu_make_bypass_ste, arm_smmu_make_cdtable_ste, arm_smmu_make_s2_domain_ste, arm_smmu_make_s1_cd,
/// arm_smmu_make_sva_cd), for the test's SMMU (features STALLS | ATTR_TYPES_OVR, no E2H, no TRANS_S2).
/// </summary>
internal static class LinuxSmmuEntries
{
    /// <summary>Linux GENMASK_ULL(h, l).</summary>
    public static ulong GenMask(int h, int l) => (ulong.MaxValue >> (63 - h)) & (ulong.MaxValue << l);

    // STRTAB_STE_0_*
    private const ulong SteV = 1UL << 0;
    private const int SteCfgShift = 1; // STRTAB_STE_0_CFG GENMASK_ULL(3, 1)
    public const ulong CfgAbort = 0, CfgBypass = 4, CfgS1Trans = 5, CfgS2Trans = 6, CfgNested = 7;
    private const ulong S1Fmt64KL2 = 2UL << 4; // STRTAB_STE_0_S1FMT GENMASK_ULL(5, 4), STRTAB_STE_0_S1FMT_64K_L2
    private static ulong S1CtxPtrMask => GenMask(51, 6);
    private static ulong S1CdMax => GenMask(63, 59); // FIELD_PREP(S1CDMAX, 0xFF) keeps the field's 5 bits

    // STRTAB_STE_1_*
    public const ulong S1DssTerminate = 0, S1DssBypass = 1, S1DssSsid0 = 2;
    private const ulong S1CirWbra = 1UL << 2, S1CorWbra = 1UL << 4, S1CshIsh = 3UL << 6;
    public const ulong Mev = 1UL << 19;
    private const ulong S1StallD = 1UL << 27;
    private const ulong EatsTrans = 1UL << 28; // STRTAB_STE_1_EATS GENMASK_ULL(29, 28) = STRTAB_STE_1_EATS_TRANS
    private const ulong ShcfgIncoming = 1UL << 44; // STRTAB_STE_1_SHCFG GENMASK_ULL(45, 44) = INCOMING

    // STRTAB_STE_2_*
    private const ulong S2Aa64 = 1UL << 51, S2Ptw = 1UL << 54, S2S = 1UL << 57, S2R = 1UL << 58;
    private static ulong S2TtbMask => GenMask(51, 4); // STRTAB_STE_3_S2TTB_MASK

    /// <summary>The test's fake_cdtab_dma_addr.</summary>
    public const ulong FakeCdTable = 0xF0F0F0F0F0F0;

    /// <summary>arm_smmu_make_abort_ste.</summary>
    public static StreamTableEntry Abort => StreamTableEntry.FromWords([SteV | (CfgAbort << SteCfgShift)]);

    /// <summary>arm_smmu_make_bypass_ste with ATTR_TYPES_OVR: SHCFG = INCOMING.</summary>
    public static StreamTableEntry Bypass => StreamTableEntry.FromWords([SteV | (CfgBypass << SteCfgShift), ShcfgIncoming]);

    /// <summary>arm_smmu_test_make_cdtable_ste(s1dss, dma, feat): S1FMT 64K_L2, S1CDMAX 0xFF, STRW NSEL1, VMID 0.</summary>
    public static StreamTableEntry CdTable(ulong s1dss, ulong dma, bool ats = false, bool stall = false, bool nested = false)
    {
        var w = new ulong[8];
        w[0] = SteV | (CfgS1Trans << SteCfgShift) | S1Fmt64KL2 | (dma & S1CtxPtrMask) | S1CdMax;
        w[1] = s1dss | S1CirWbra | S1CorWbra | S1CshIsh | (stall ? 0 : S1StallD) | (ats ? EatsTrans : 0)
            | (s1dss == S1DssBypass ? ShcfgIncoming : 0);
        if (nested)
        {
            // ARM_SMMU_MASTER_TEST_NESTED: CFG |= NESTED, MEV, and qwords 2.. from the S2 STE of the same features.
            var s2 = S2(ats, stall);
            w[0] |= CfgNested << SteCfgShift;
            w[1] |= Mev;
            for (var i = 2; i < 8; i++)
            {
                w[i] = s2.GetWord(i);
            }
        }

        return StreamTableEntry.FromWords(w);
    }

    /// <summary>
    /// arm_smmu_test_make_s2_ste(feat): VTTBR 0xdaedbeefdeadbeef, VTCR ps 1, tg 2, sh 3, orgn 1, irgn 2, sl 3, tsz 4;
    /// S2AA64 | S2PTW | S2R (| S2S when stall), EATS_TRANS when ATS, SHCFG INCOMING (ATTR_TYPES_OVR).
    /// </summary>
    public static StreamTableEntry S2(bool ats = false, bool stall = false)
    {
        // STRTAB_STE_2_VTCR GENMASK_ULL(50, 32) holding S2T0SZ[5:0] S2SL0[7:6] S2IR0[9:8] S2OR0[11:10] S2SH0[13:12] S2TG[15:14] S2PS[18:16].
        const ulong vtcr = 4UL | (3UL << 6) | (2UL << 8) | (1UL << 10) | (3UL << 12) | (2UL << 14) | (1UL << 16);
        return StreamTableEntry.FromWords([
            SteV | (CfgS2Trans << SteCfgShift),
            (ats ? EatsTrans : 0) | ShcfgIncoming,
            (vtcr << 32) | S2Aa64 | S2Ptw | (stall ? S2S : 0) | S2R,
            0xdaedbeefdeadbeefUL & S2TtbMask,
        ]);
    }

    // CTXDESC_CD_0_*
    private const ulong CdEpd0 = 1UL << 14, CdEpd1 = 1UL << 30, CdV = 1UL << 31, CdAa64 = 1UL << 41;
    private const ulong CdR = 1UL << 45, CdA = 1UL << 46, CdAset = 1UL << 47;
    private static ulong Ttb0Mask => GenMask(51, 4); // CTXDESC_CD_1_TTB0_MASK

    /// <summary>arm_smmu_test_make_s1_cd(asid): TTBR 0xdaedbeefdeadbeef, TCR ips 1, tg 2, sh 3, orgn 1, irgn 2, tsz 4, MAIR 0xabcdef012345678.</summary>
    public static ContextDescriptor S1Cd(ushort asid) => ContextDescriptor.FromWords([
        4UL | (2UL << 6) | (2UL << 8) | (1UL << 10) | (3UL << 12) | CdEpd1 | CdV | (1UL << 32) | CdAa64 | CdR | CdA | CdAset | ((ulong)asid << 48),
        0xdaedbeefdeadbeefUL & Ttb0Mask,
        0,
        0xabcdef012345678UL,
    ]);

    /// <summary>
    /// arm_smmu_make_sva_cd: with an mm, TCR from the CPU (T0SZ 16, TG0 4K, IRGN0/ORGN0 WBWA, SH0 IS) and TTB0 the pgd
    /// (the test's sva_mm.pgd 0xdaedbeefdeadbeef); released (mm NULL), EPD0 with the TTB0 controls and TTB0 cleared.
    /// MAIR and IPS are the CPU's (any value: both CDs carry the same).
    /// </summary>
    public static ContextDescriptor SvaCd(ushort asid, bool released = false)
    {
        var common = CdEpd1 | CdV | (5UL << 32) | CdAa64 | CdR | CdA | ((ulong)asid << 48);
        return released
            ? ContextDescriptor.FromWords([common | CdEpd0, 0, 0, 0x0000_00FF_4404_FF00UL])
            : ContextDescriptor.FromWords([common | 16UL | (1UL << 8) | (1UL << 10) | (3UL << 12), 0xdaedbeefdeadbeefUL & Ttb0Mask, 0, 0x0000_00FF_4404_FF00UL]);
    }
}
