using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// The STE, CD and register values QEMU's SMMUv3 qtest programs (tests/qtest/libqos/qos-smmuv3.c
/// qsmmu_build_translation and qsmmu_program_bank, constants from qos-smmuv3.h). QEMU describes entries as
/// 32-bit words with FIELD(word, name, shift, length) in include/hw/arm/smmuv3-common.h, so the expected
/// images are built here the same way, word by word, and only then paired into 64-bit words.
/// </summary>
public sealed class QemuGoldenVectorTests
{
    // qos-smmuv3.h: QSMMU_STR_TAB_BASE 0x0e179000, QSMMU_CD_GPA = STR_TAB_BASE - 0x40, QSMMU_VTTB 0x0e4d0000,
    // all moved into Non-secure RAM by QSMMU_SPACE_OFFS_NS 0x40000000.
    private const ulong NsOffset = 0x4000_0000;
    private const ulong CdAddress = 0x0e17_9000 - 0x40 + NsOffset;
    private const ulong Vttb = 0x0e4d_0000 + NsOffset;

    private static ulong[] Pair(uint[] words)
    {
        var result = new ulong[words.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = words[2 * i] | (ulong)words[(2 * i) + 1] << 32;
        }

        return result;
    }

    private static uint[] QemuSte(uint config)
    {
        var w = new uint[16];
        w[0] = 1u << 0 | config << 1 | ((uint)(CdAddress >> 6) & ((1u << 26) - 1)) << 6; // STE_0 VALID (0,1), CONFIG (1,3), CTXPTR_LO (6,26)
        w[1] = (uint)(CdAddress >> 32) & ((1u << 24) - 1);                                 // STE_1 CTXPTR_HI (0,24)
        w[5] = 0x14u << 0 | 2u << 6 | 0u << 14 | 5u << 16 | 1u << 19;                       // STE_5 S2T0SZ (0,6), S2SL0 (6,2), S2TG (14,2), S2PS (16,3), S2AA64 (19,1)
        w[6] = ((uint)(Vttb >> 4) & ((1u << 28) - 1)) << 4;                                // STE_6 S2TTB_LO (4,28)
        w[7] = (uint)(Vttb >> 32) & ((1u << 20) - 1);                                      // STE_7 S2TTB_HI (0,20)
        return w;
    }

    [Theory]
    [InlineData(5u, SteConfig.S1Translate)]
    [InlineData(6u, SteConfig.S2Translate)]
    [InlineData(7u, SteConfig.Nested)]
    public void Qtest_ste_decodes_field_by_field_and_is_legal(uint config, SteConfig expected)
    {
        var words = Pair(QemuSte(config));
        var ste = StreamTableEntry.FromWords(words);

        Assert.True(ste.V);
        Assert.Equal(expected, ste.Config);
        Assert.Equal(0x4E17_8FC0UL, ste.S1ContextPtr);
        Assert.Equal(0, ste.S1CDMax);
        Assert.Equal(SteS1Format.Linear, ste.S1Fmt);
        Assert.Equal(0x14, ste.S2T0SZ);
        Assert.Equal(2, ste.S2SL0);
        Assert.Equal(Tg0Granule.Size4K, ste.S2TG);
        Assert.Equal(AddressSize.Bits48, ste.S2PS);
        Assert.True(ste.S2AA64);
        Assert.False(ste.S2ENDI);
        Assert.False(ste.S2AFFD);
        Assert.Equal(0x4E4D_0000UL, ste.S2TTB);

        // 44-bit IPA from level 0 with 4 KB (40..52 bits resolvable there), 256-byte level-0 table at a 64 KB-aligned base.
        Assert.True(ste.Validate().IsValid, ste.Validate().ToString());

        var built = new StreamTableEntry
        {
            V = true, Config = expected, S1ContextPtr = CdAddress, S2T0SZ = 0x14, S2SL0 = 2, S2TG = Tg0Granule.Size4K,
            S2PS = AddressSize.Bits48, S2AA64 = true, S2TTB = Vttb,
        };
        Entry.AssertWords(built, words);
    }

    [Fact]
    public void Qtest_cd_decodes_field_by_field_and_is_legal()
    {
        var w = new uint[16];
        w[0] = 0x10u << 0 | 0u << 6 | 0u << 14 | 0u << 15 | 1u << 30 | 1u << 31;             // CD_0 TSZ0, TG0, EPD0, ENDI, EPD1, VALID
        w[1] = 4u << 0 | 0u << 3 | 0u << 6 | 1u << 9 | 0u << 10 | 0u << 11 | 0u << 12 | 1u << 13 | 1u << 14 | 0x1e20u << 16; // CD_1 IPS, AFFD, TBI, AARCH64, HD, HA, S, R, A, ASID
        w[2] = 1u << 0 | ((uint)(Vttb >> 4) & ((1u << 28) - 1)) << 4;                          // CD_2 NSCFG0, TTB0_LO (4,28)
        w[3] = (uint)(Vttb >> 32) & ((1u << 20) - 1);                                          // CD_3 TTB0_HI (0,20)
        w[4] = 1u << 0;                                                                         // CD_4 NSCFG1
        var words = Pair(w);

        var cd = ContextDescriptor.FromWords(words);
        Assert.Equal(0x10, cd.T0SZ);
        Assert.Equal(Tg0Granule.Size4K, cd.TG0);
        Assert.False(cd.EPD0);
        Assert.False(cd.ENDI);
        Assert.True(cd.EPD1);
        Assert.True(cd.V);
        Assert.Equal(AddressSize.Bits44, cd.IPS);
        Assert.False(cd.AFFD);
        Assert.False(cd.TBI0);
        Assert.False(cd.TBI1);
        Assert.True(cd.AA64);
        Assert.False(cd.HD);
        Assert.False(cd.HA);
        Assert.False(cd.S);
        Assert.True(cd.R);
        Assert.True(cd.A);
        Assert.Equal(0x1e20, cd.ASID);
        Assert.True(cd.NSCFG0);
        Assert.Equal(0x4E4D_0000UL, cd.TTB0);
        Assert.True(cd.NSCFG1);
        Assert.Equal(0UL, cd.TTB1);

        // 48-bit input from level 0: a 4 KB level-0 table, and 0x4e4d0000 is 4 KB aligned.
        Assert.True(cd.Validate().IsValid, cd.Validate().ToString());

        var built = new ContextDescriptor
        {
            T0SZ = 0x10, EPD1 = true, V = true, IPS = AddressSize.Bits44, AA64 = true, R = true, A = true, ASID = 0x1e20,
            NSCFG0 = true, TTB0 = Vttb, NSCFG1 = true,
        };
        Entry.AssertWords(built, words);
    }

    [Fact]
    public void Qtest_register_programming_decodes()
    {
        // qsmmu_program_bank: GBPA 0x80000000 (UPDATE), CR1 0x0d75, CMDQ_BASE/EVENTQ_BASE = address | 0x0a,
        // STRTAB_BASE_CFG 0x5 (linear, LOG2SIZE 5), STRTAB_BASE = table address, CR0 0xd.
        var gbpa = Entry.From<Gbpa>(0x8000_0000UL);
        Assert.True(gbpa.UPDATE);
        Assert.False(gbpa.ABORT);
        Assert.Equal(0, gbpa.SHCFG);
        Entry.AssertWords(new Gbpa { UPDATE = true }, 0x8000_0000UL);

        var cr1 = Entry.From<Cr1>(0x0d75UL);
        Assert.Equal(1, cr1.QUEUE_IC);
        Assert.Equal(1, cr1.QUEUE_OC);
        Assert.Equal(3, cr1.QUEUE_SH);
        Assert.Equal(1, cr1.TABLE_IC);
        Assert.Equal(1, cr1.TABLE_OC);
        Assert.Equal(3, cr1.TABLE_SH);
        Entry.AssertWords(new Cr1 { QUEUE_IC = 1, QUEUE_OC = 1, QUEUE_SH = 3, TABLE_IC = 1, TABLE_OC = 1, TABLE_SH = 3 }, 0x0d75UL);

        var cmdq = Entry.From<QueueBase>(0x0e16_b000UL + NsOffset | 0x0a);
        Assert.Equal(10, cmdq.LOG2SIZE);
        Assert.Equal(0x4E16_B000UL, cmdq.ADDR);
        Assert.Equal(16UL << 10, cmdq.QueueBytes(16));
        Assert.True(cmdq.Validate().IsValid);
        Entry.AssertWords(new QueueBase { LOG2SIZE = 10, ADDR = 0x4E16_B000 }, 0x4E16_B00AUL);

        var evtq = Entry.From<QueueBase>(0x0e17_0000UL + NsOffset | 0x0a);
        Assert.Equal(10, evtq.LOG2SIZE);
        Assert.Equal(0x4E17_0000UL, evtq.ADDR);
        Assert.Equal(32UL << 10, evtq.QueueBytes(32));

        var cfg = Entry.From<StrtabBaseCfg>(0x5UL);
        Assert.Equal(5, cfg.LOG2SIZE);
        Assert.Equal(0, cfg.SPLIT);
        Assert.Equal(StreamTableFormat.Linear, cfg.FMT);
        Assert.True(cfg.Validate().IsValid);
        Entry.AssertWords(new StrtabBaseCfg { LOG2SIZE = 5 }, 0x5UL);

        var strtab = Entry.From<StrtabBase>(0x0e17_9000UL + NsOffset);
        Assert.Equal(0x4E17_9000UL, strtab.ADDR);
        Assert.False(strtab.RA);
        Entry.AssertWords(new StrtabBase { ADDR = 0x4E17_9000 }, 0x4E17_9000UL);

        var cr0 = Entry.From<Cr0>(0xdUL);
        Assert.True(cr0.SMMUEN);
        Assert.False(cr0.PRIQEN);
        Assert.True(cr0.EVTQEN);
        Assert.True(cr0.CMDQEN);
        Assert.False(cr0.ATSCHK);
        Entry.AssertWords(new Cr0 { SMMUEN = true, EVTQEN = true, CMDQEN = true }, 0xdUL);
    }

    [Fact]
    public void Id_registers_as_qemu_initialises_them()
    {
        // smmuv3_init_regs (nested stage): IDR0 S1P, S2P, TTF 2, COHACC, ASID16, VMID16, TTENDIAN 2, STALL_MODEL 1,
        // TERM_MODEL, ST_LEVEL 1; IDR1 SIDSIZE 16, EVENTQS = CMDQS = 19; IDR5 OAS 4 (44 bits), GRAN4K/16K/64K.
        // Positions: Linux IDR0_*/IDR1_*/IDR5_* macros (TERM_MODEL bit 26 from QEMU's IDR0 FIELD list).
        ulong idr0 = 1UL << 0 | 1UL << 1 | 2UL << 2 | 1UL << 4 | 1UL << 12 | 1UL << 18 | 2UL << 21 | 1UL << 24 | 1UL << 26 | 1UL << 27;
        var r0 = Entry.From<Idr0>(idr0);
        Assert.True(r0.S2P);
        Assert.True(r0.S1P);
        Assert.Equal(2, r0.TTF);
        Assert.True(r0.COHACC);
        Assert.True(r0.ASID16);
        Assert.True(r0.VMID16);
        Assert.Equal(2, r0.TTENDIAN);
        Assert.Equal(1, r0.STALL_MODEL);
        Assert.True(r0.TERM_MODEL);
        Assert.Equal(1, r0.ST_LEVEL);
        Assert.False(r0.CD2L);
        Assert.True(r0.Validate().IsValid);

        var r1 = Entry.From<Idr1>(16UL | 19UL << 16 | 19UL << 21);
        Assert.Equal(16, r1.SIDSIZE);
        Assert.Equal(0, r1.SSIDSIZE);
        Assert.Equal(19, r1.EVENTQS);
        Assert.Equal(19, r1.CMDQS);
        Entry.AssertWords(new Idr1 { SIDSIZE = 16, EVENTQS = 19, CMDQS = 19 }, 16UL | 19UL << 16 | 19UL << 21);

        var r5 = Entry.From<Idr5>(4UL | 1UL << 4 | 1UL << 5 | 1UL << 6);
        Assert.Equal(AddressSize.Bits44, r5.OAS);
        Assert.True(r5.GRAN4K);
        Assert.True(r5.GRAN16K);
        Assert.True(r5.GRAN64K);
        Assert.Equal(0, r5.VAX);
        Entry.AssertWords(new Idr5 { OAS = AddressSize.Bits44, GRAN4K = true, GRAN16K = true, GRAN64K = true }, 0x74UL);
    }
}
