using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// Entries as the Linux arm-smmu-v3 driver builds them, with the fixtures of its KUnit test
/// (drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-test.c: smmu features STALLS | ATTR_TYPES_OVR, no E2H,
/// fake_cdtab_dma_addr 0xF0F0F0F0F0F0, s1cdmax 0xFF, S1FMT_64K_L2, vttbr/ttbr 0xdaedbeefdeadbeef).
/// Expected words are written out from the arm-smmu-v3.h macros (named next to each shift), as
/// arm_smmu_make_*_ste / arm_smmu_make_s1_cd in arm-smmu-v3.c combine them; each entry is decoded field by
/// field and rebuilt through the setters to the same words.
/// </summary>
public sealed class LinuxGoldenVectorTests
{
    private const ulong FakeCdTabDma = 0xF0F0F0F0F0F0;
    private const ulong KunitTtbr = 0xdaedbeefdeadbeef;

    private static ulong GenMask(int hi, int lo) => (ulong.MaxValue >> (63 - hi)) & (ulong.MaxValue << lo);

    [Fact]
    public void Abort_ste_is_V_with_config_0()
    {
        // arm_smmu_make_abort_ste: STRTAB_STE_0_V | FIELD_PREP(STRTAB_STE_0_CFG, STRTAB_STE_0_CFG_ABORT).
        var ste = Entry.From<StreamTableEntry>(1UL << 0 | 0UL << 1);
        Assert.True(ste.V);
        Assert.Equal(SteConfig.Abort, ste.Config);
        Assert.True(ste.Validate().IsValid);

        var built = new StreamTableEntry { V = true, Config = SteConfig.Abort };
        Entry.AssertWords(built, 1UL);
    }

    [Fact]
    public void Bypass_ste_sets_shcfg_incoming_with_attr_types_ovr()
    {
        // arm_smmu_make_bypass_ste: V | CFG = STRTAB_STE_0_CFG_BYPASS (4); data[1] = SHCFG (GENMASK 45:44) = INCOMING (1).
        ulong w0 = 1UL << 0 | 4UL << 1;
        ulong w1 = 1UL << 44;
        var ste = Entry.From<StreamTableEntry>(w0, w1);
        Assert.True(ste.V);
        Assert.Equal(SteConfig.Bypass, ste.Config);
        Assert.Equal(1, ste.SHCFG);
        Assert.False(ste.Stage1Enabled);
        Assert.False(ste.Stage2Enabled);
        Assert.True(ste.Validate().IsValid);

        Entry.AssertWords(new StreamTableEntry { V = true, Config = SteConfig.Bypass, SHCFG = 1 }, w0, w1);
    }

    [Fact]
    public void Cd_table_ste_with_ssid0_decodes_every_field()
    {
        // arm_smmu_test_make_cdtable_ste(STRTAB_STE_1_S1DSS_SSID0, fake_cdtab_dma_addr, ATS):
        // data[0] = V | CFG S1_TRANS (5) | S1FMT (5:4) 64K_L2 (2) | dma & S1CTXPTR_MASK (51:6)
        //           | FIELD_PREP(S1CDMAX (63:59), 0xFF), which keeps the low 5 bits of 0xFF.
        ulong w0 = 1UL << 0 | 5UL << 1 | 2UL << 4 | (FakeCdTabDma & GenMask(51, 6)) | ((0xFFUL << 59) & GenMask(63, 59));

        // data[1] = S1DSS (1:0) SSID0 (2) | S1CIR (3:2) WBRA (1) | S1COR (5:4) WBRA | S1CSH (7:6) ISH (3)
        //           | S1STALLD (bit 27: FEAT_STALLS and the master does not stall) | EATS (29:28) TRANS (1); STRW NSEL1 (0).
        ulong w1 = 2UL << 0 | 1UL << 2 | 1UL << 4 | 3UL << 6 | 1UL << 27 | 1UL << 28;

        var ste = Entry.From<StreamTableEntry>(w0, w1);
        Assert.True(ste.V);
        Assert.Equal(SteConfig.S1Translate, ste.Config);
        Assert.Equal(SteS1Format.TwoLevel64K, ste.S1Fmt);
        Assert.Equal(0xF0F0F0F0F0C0UL, ste.S1ContextPtr);
        Assert.Equal(31, ste.S1CDMax);
        Assert.Equal(SteS1Dss.Ssid0, ste.S1DSS);
        Assert.Equal(1, ste.S1CIR);
        Assert.Equal(1, ste.S1COR);
        Assert.Equal(3, ste.S1CSH);
        Assert.True(ste.S1STALLD);
        Assert.Equal(SteEats.Translate, ste.EATS);
        Assert.Equal(SteStreamWorld.El1, ste.STRW);
        Assert.Equal(0, ste.SHCFG);
        Assert.Equal(0, ste.S2VMID);
        Assert.True(ste.Stage1Enabled);
        Assert.False(ste.Stage2Enabled);
        Assert.True(ste.Validate().IsValid);

        var built = new StreamTableEntry
        {
            V = true, Config = SteConfig.S1Translate, S1Fmt = SteS1Format.TwoLevel64K, S1ContextPtr = 0xF0F0F0F0F0C0,
            S1CDMax = 31, S1DSS = SteS1Dss.Ssid0, S1CIR = 1, S1COR = 1, S1CSH = 3, S1STALLD = true, EATS = SteEats.Translate,
        };
        Entry.AssertWords(built, w0, w1);
    }

    [Fact]
    public void Cd_table_ste_with_s1dss_bypass_adds_shcfg_incoming()
    {
        // As above with STRTAB_STE_1_S1DSS_BYPASS (1): ATTR_TYPES_OVR adds SHCFG = INCOMING (bit 44).
        ulong w1 = 1UL << 0 | 1UL << 2 | 1UL << 4 | 3UL << 6 | 1UL << 27 | 1UL << 28 | 1UL << 44;
        var ste = Entry.From<StreamTableEntry>(1UL | 5UL << 1 | 2UL << 4 | (FakeCdTabDma & GenMask(51, 6)) | 31UL << 59, w1);
        Assert.Equal(SteS1Dss.Bypass, ste.S1DSS);
        Assert.Equal(1, ste.SHCFG);
        Assert.True(ste.Validate().IsValid);

        var built = new StreamTableEntry
        {
            V = true, Config = SteConfig.S1Translate, S1Fmt = SteS1Format.TwoLevel64K, S1ContextPtr = 0xF0F0F0F0F0C0,
            S1CDMax = 31, S1DSS = SteS1Dss.Bypass, S1CIR = 1, S1COR = 1, S1CSH = 3, S1STALLD = true, EATS = SteEats.Translate,
            SHCFG = 1,
        };
        Entry.AssertWords(built, ste.GetWord(0), w1);
    }

    [Fact]
    public void S2_ste_of_the_kunit_fixture_decodes_and_its_vtcr_is_reported_illegal()
    {
        // arm_smmu_test_make_s2_ste(ATS) through arm_smmu_make_s2_domain_ste:
        // data[0] = V | CFG S2_TRANS (6); data[1] = EATS TRANS (bit 28) | SHCFG INCOMING (bit 44);
        // vtcr = S2T0SZ (5:0) tsz 4 | S2SL0 (7:6) sl 3 | S2IR0 (9:8) irgn 2 | S2OR0 (11:10) orgn 1 | S2SH0 (13:12) sh 3
        //        | S2TG (15:14) tg 2 | S2PS (18:16) ps 1;
        // data[2] = S2VMID 0 | FIELD_PREP(STRTAB_STE_2_VTCR (50:32), vtcr) | S2AA64 (51) | S2PTW (54) | S2R (58);
        // data[3] = vttbr & STRTAB_STE_3_S2TTB_MASK (51:4).
        ulong w0 = 1UL << 0 | 6UL << 1;
        ulong w1 = 1UL << 28 | 1UL << 44;
        ulong vtcr = 4UL << 0 | 3UL << 6 | 2UL << 8 | 1UL << 10 | 3UL << 12 | 2UL << 14 | 1UL << 16;
        ulong w2 = vtcr << 32 | 1UL << 51 | 1UL << 54 | 1UL << 58;
        ulong w3 = KunitTtbr & GenMask(51, 4);

        var ste = Entry.From<StreamTableEntry>(w0, w1, w2, w3);
        Assert.Equal(SteConfig.S2Translate, ste.Config);
        Assert.Equal(SteEats.Translate, ste.EATS);
        Assert.Equal(1, ste.SHCFG);
        Assert.Equal(0, ste.S2VMID);
        Assert.Equal(4, ste.S2T0SZ);
        Assert.Equal(3, ste.S2SL0);
        Assert.Equal(2, ste.S2IR0);
        Assert.Equal(1, ste.S2OR0);
        Assert.Equal(3, ste.S2SH0);
        Assert.Equal(Tg0Granule.Size16K, ste.S2TG);
        Assert.Equal(AddressSize.Bits36, ste.S2PS);
        Assert.True(ste.S2AA64);
        Assert.False(ste.S2ENDI);
        Assert.True(ste.S2PTW);
        Assert.False(ste.S2S);
        Assert.True(ste.S2R);
        Assert.Equal(0x000D_BEEF_DEAD_BEE0UL, ste.S2TTB);

        // The fixture only exercises the entry writer: tsz 4 is far below 16 and SL0 = 3 is reserved with 16 KB.
        Entry.AssertViolations(ste.Validate(), ("STE.S2T0SZ", 160, 165), ("STE.S2SL0", 166, 167));

        var built = new StreamTableEntry
        {
            V = true, Config = SteConfig.S2Translate, EATS = SteEats.Translate, SHCFG = 1,
            S2T0SZ = 4, S2SL0 = 3, S2IR0 = 2, S2OR0 = 1, S2SH0 = 3, S2TG = Tg0Granule.Size16K, S2PS = AddressSize.Bits36,
            S2AA64 = true, S2PTW = true, S2R = true, S2TTB = 0x000D_BEEF_DEAD_BEE0,
        };
        Entry.AssertWords(built, w0, w1, w2, w3);
    }

    [Fact]
    public void S1_cd_of_the_kunit_fixture_decodes_and_its_t0sz_is_reported_illegal()
    {
        // arm_smmu_test_make_s1_cd(asid 1997) through arm_smmu_make_s1_cd:
        // data[0] = T0SZ (5:0) 4 | TG0 (7:6) 2 | IRGN0 (9:8) 2 | ORGN0 (11:10) 1 | SH0 (13:12) 3 | EPD1 (30) | V (31)
        //           | IPS (34:32) 1 | AA64 (41) | R (45) | A (46) | ASET (47) | ASID (63:48) 1997;
        // data[1] = ttbr & CTXDESC_CD_1_TTB0_MASK (51:4); data[3] = mair.
        ulong w0 = 4UL << 0 | 2UL << 6 | 2UL << 8 | 1UL << 10 | 3UL << 12 | 1UL << 30 | 1UL << 31 | 1UL << 32
            | 1UL << 41 | 1UL << 45 | 1UL << 46 | 1UL << 47 | 1997UL << 48;
        ulong w1 = KunitTtbr & GenMask(51, 4);
        const ulong mair = 0xabcdef012345678;

        var cd = Entry.From<ContextDescriptor>(w0, w1, 0, mair);
        Assert.Equal(4, cd.T0SZ);
        Assert.Equal(Tg0Granule.Size16K, cd.TG0);
        Assert.Equal(2, cd.IR0);
        Assert.Equal(1, cd.OR0);
        Assert.Equal(3, cd.SH0);
        Assert.False(cd.EPD0);
        Assert.False(cd.ENDI);
        Assert.True(cd.EPD1);
        Assert.True(cd.V);
        Assert.Equal(AddressSize.Bits36, cd.IPS);
        Assert.True(cd.AA64);
        Assert.False(cd.S);
        Assert.True(cd.R);
        Assert.True(cd.A);
        Assert.True(cd.ASET);
        Assert.Equal(1997, cd.ASID);
        Assert.Equal(0x000D_BEEF_DEAD_BEE0UL, cd.TTB0);
        Assert.Equal(mair, cd.MAIR);

        Entry.AssertViolations(cd.Validate(), ("CD.T0SZ", 0, 5));

        var built = new ContextDescriptor
        {
            T0SZ = 4, TG0 = Tg0Granule.Size16K, IR0 = 2, OR0 = 1, SH0 = 3, EPD1 = true, V = true, IPS = AddressSize.Bits36,
            AA64 = true, R = true, A = true, ASET = true, ASID = 1997, TTB0 = 0x000D_BEEF_DEAD_BEE0, MAIR = mair,
        };
        Entry.AssertWords(built, w0, w1, 0, mair);
    }

    [Fact]
    public void L1std_written_by_linux_spans_256_stes()
    {
        // arm_smmu_write_strtab_l1_desc: FIELD_PREP(STRTAB_L1_DESC_SPAN (4:0), STRTAB_SPLIT + 1 = 9) | l2ptr & L2PTR_MASK (51:6).
        const ulong l2 = 0x0000_0008_0000_4000;
        var desc = Entry.From<L1StreamTableDescriptor>(9UL | (l2 & GenMask(51, 6)));
        Assert.Equal(9, desc.Span);
        Assert.Equal(256, desc.SteCount);
        Assert.Equal(l2, desc.L2Ptr);
        Assert.True(desc.Validate().IsValid);
        Entry.AssertWords(new L1StreamTableDescriptor { Span = 9, L2Ptr = l2 }, 9UL | l2);
    }

    [Fact]
    public void L1cd_written_by_linux_is_pointer_and_valid_bit()
    {
        // arm_smmu_write_cd_l1_desc: (l2ptr_dma & CTXDESC_L1_DESC_L2PTR_MASK (51:12)) | CTXDESC_L1_DESC_V (bit 0).
        const ulong l2 = 0x0000_00FF_1234_0000;
        var desc = Entry.From<L1ContextDescriptor>((l2 & GenMask(51, 12)) | 1UL);
        Assert.True(desc.V);
        Assert.Equal(l2, desc.L2Ptr);
        Assert.True(desc.Validate().IsValid);
        Entry.AssertWords(new L1ContextDescriptor { V = true, L2Ptr = l2 }, l2 | 1UL);
    }

    [Fact]
    public void Translation_fault_event_decodes_as_arm_smmu_decode_event_reads_it()
    {
        // EVTQ_0_ID (7:0), EVTQ_0_SSV (11), EVTQ_0_SSID (31:12), EVTQ_0_SID (63:32); EVTQ_1_STAG (15:0), STALL (31),
        // PnU (33), InD (34), RnW (35), S2 (39), CLASS (41:40), TT_READ (44); EVTQ_2_ADDR; EVTQ_3_IPA (51:12).
        ulong w0 = 0x10UL | 1UL << 11 | 0x12345UL << 12 | 0xABCDUL << 32;
        ulong w1 = 0x77UL | 1UL << 31 | 1UL << 33 | 1UL << 35 | 1UL << 39 | (ulong)EventClass.TT << 40 | 1UL << 44;
        const ulong iova = 0xFFFF_8000_1234_5678;
        const ulong ipa = 0x0000_0040_8765_4000;
        var evt = Entry.From<EventRecord>(w0, w1, iova, ipa & GenMask(51, 12));

        Assert.Equal(EventType.F_TRANSLATION, evt.EventID);
        Assert.True(evt.SSV);
        Assert.Equal(0x12345u, evt.SubstreamID);
        Assert.Equal(0xABCDu, evt.StreamID);
        Assert.Equal(0x77, evt.STAG);
        Assert.True(evt.Stall);
        Assert.True(evt.PnU);
        Assert.False(evt.InD);
        Assert.True(evt.RnW);
        Assert.True(evt.S2);
        Assert.Equal(EventClass.TT, evt.CLASS);
        Assert.True(evt.TTRnW);
        Assert.Equal(iova, evt.InputAddr);
        Assert.Equal(ipa, evt.Ipa);
        Assert.True(evt.Validate().IsValid);

        var built = new EventRecord
        {
            EventID = EventType.F_TRANSLATION, SSV = true, SubstreamID = 0x12345, StreamID = 0xABCD, STAG = 0x77, Stall = true,
            PnU = true, RnW = true, S2 = true, CLASS = EventClass.TT, TTRnW = true, InputAddr = iova, Ipa = ipa,
        };
        Entry.AssertWords(built, w0, w1, iova, ipa);
    }

    [Fact]
    public void Cd_fetch_event_carries_the_fetch_address_in_dword_3()
    {
        // Linux prints fetch_addr = evt[3] & EVTQ_3_FETCH_ADDR (51:3) for F_CD_FETCH (EVT_ID_CD_FETCH_FAULT 0x09).
        const ulong fetch = 0x0000_0012_3456_7FC8;
        var evt = Entry.From<EventRecord>(0x09UL | 7UL << 32, 0, 0, fetch & GenMask(51, 3));
        Assert.Equal(EventType.F_CD_FETCH, evt.EventID);
        Assert.Equal(7u, evt.StreamID);
        Assert.Equal(fetch, evt.FetchAddr);
        Assert.True(evt.Validate().IsValid);
        Entry.AssertWords(new EventRecord { EventID = EventType.F_CD_FETCH, StreamID = 7, FetchAddr = fetch }, 0x09UL | 7UL << 32, 0, 0, fetch);
    }
}
