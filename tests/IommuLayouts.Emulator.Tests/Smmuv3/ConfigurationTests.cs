using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// Stream tables (linear and 2-level, Linux arm_smmu_init_strtab_2lvl: SPLIT 8, Span 9 = 256 STEs), CD tables (linear,
/// 2-level with 1024-CD leaves, Linux arm_smmu_get_cd_ptr, CTXDESC_SPLIT 10; and 64-CD leaves), S1DSS for transactions
/// without SubstreamID (STRTAB_STE_1_S1DSS_*), TTB0/TTB1 selection by VA[55] and TBI.
/// </summary>
public class ConfigurationTests
{
    private const ulong Va = 0x40_0000_1000;
    private const ulong CdTable = 0x4E20_0000;

    /// <summary>One translation table per SubstreamID, each mapping Va to a distinct page, under ASID = SubstreamID + 1.</summary>
    private static ulong OutputFor(uint ssid) => 0x1_0000_0000UL + ((ulong)ssid << 12);

    private static void WriteCdFor(Smmuv3TestBed bed, ulong cdAddress, uint ssid)
    {
        var tables = bed.Stage1Tables();
        tables.Map(Va, OutputFor(ssid), 0x1000, IommuProt.Read);
        bed.WriteCd(cdAddress, Smmuv3TestBed.Cd(tables.RootAddress, (ushort)(ssid + 1)));
    }

    [Fact]
    public void Linear_cd_table_selects_the_cd_of_each_substream()
    {
        var bed = new Smmuv3TestBed();
        for (uint ssid = 0; ssid < 16; ssid++)
        {
            WriteCdFor(bed, CdTable + (ssid * 64), ssid);
        }

        bed.WriteSte(1, Smmuv3TestBed.S1Ste(CdTable, cdMax: 4));
        for (uint ssid = 0; ssid < 16; ssid++)
        {
            Assert.Equal(OutputFor(ssid), bed.Read(1, ssid, Va).OutputAddress);
        }
    }

    [Theory]
    [InlineData(SteS1Format.TwoLevel64K, 10)]
    [InlineData(SteS1Format.TwoLevel4K, 6)]
    public void Two_level_cd_table_reaches_high_substreams_through_l1cds(SteS1Format fmt, int split)
    {
        var bed = new Smmuv3TestBed();
        uint[] ssids = [0, 5, (1u << split) + 3, 0xF_FFFF];
        var leaves = new System.Collections.Generic.Dictionary<uint, ulong>();
        foreach (var ssid in ssids)
        {
            if (!leaves.TryGetValue(ssid >> split, out var leaf))
            {
                leaf = leaves[ssid >> split] = bed.Allocate(64UL << split, 4096);
                Assert.True(bed.Memory.TryWriteUInt64(CdTable + ((ulong)(ssid >> split) * 8), leaf | 1)); // L1CD: V | L2Ptr (Linux CTXDESC_L1_DESC_V)
            }

            WriteCdFor(bed, leaf + ((ssid & ((1u << split) - 1)) * 64), ssid);
        }

        bed.WriteSte(1, Smmuv3TestBed.S1Ste(CdTable, cdMax: 20, fmt: fmt));
        foreach (var ssid in ssids)
        {
            Assert.Equal(OutputFor(ssid), bed.Read(1, ssid, Va).OutputAddress);
        }
    }

    [Fact]
    public void S1dss_decides_transactions_without_a_substream()
    {
        var bed = new Smmuv3TestBed();
        WriteCdFor(bed, CdTable, 0);
        bed.WriteSte(1, Smmuv3TestBed.S1Ste(CdTable, cdMax: 3, dss: SteS1Dss.Ssid0));
        bed.WriteSte(2, Smmuv3TestBed.S1Ste(CdTable, cdMax: 3, dss: SteS1Dss.Bypass));
        Assert.Equal(OutputFor(0), bed.Read(1, Va).OutputAddress);
        var bypass = bed.Read(2, Va);
        Assert.Equal(Smmuv3Outcome.Bypassed, bypass.Outcome);
        Assert.Equal(Va, bypass.OutputAddress);
    }

    [Fact]
    public void S1dss_bypass_on_a_nested_stream_leaves_stage2()
    {
        var bed = new Smmuv3TestBed();
        var s2 = bed.Stage2Tables();
        s2.Map(Va, 0x9_0000_0000, 0x1000, IommuProt.Read);
        bed.WriteSte(1, Smmuv3TestBed.S2Ste(s2.RootAddress, config: SteConfig.Nested, cdTable: CdTable) with { S1CDMax = 2, S1DSS = SteS1Dss.Bypass });
        Assert.Equal(0x9_0000_0008UL, bed.Read(1, Va + 8).OutputAddress);
    }

    [Fact]
    public void Two_level_stream_table_finds_the_ste_through_the_l1std()
    {
        var bed = new Smmuv3TestBed(enable: false);
        const ulong l1Table = 0x4E40_0000;
        var l2 = bed.Allocate(256 * 64, 4096);
        const uint sid = (7 << 8) | 0x21;
        Assert.True(bed.Memory.TryWriteUInt64(l1Table + (7 * 8), l2 | 9)); // Span 9 = 256 STEs (Linux STRTAB_SPLIT + 1)
        WriteCdFor(bed, CdTable, 0);
        bed.WriteSte(0x21, Smmuv3TestBed.S1Ste(CdTable), l2);

        // STRTAB_BASE_CFG: FMT = 1 (2-level) [17:16], SPLIT = 8 [10:6], LOG2SIZE = 16 [5:0].
        bed.Enable(strtabCfg: (1u << 16) | (8u << 6) | 16, strtabBase: l1Table);
        Assert.Equal(OutputFor(0), bed.Read(sid, Va).OutputAddress);

        // An L1STD with Span 0 makes its StreamIDs invalid.
        Assert.Equal(EventType.C_BAD_STREAMID, bed.Read(6u << 8, Va).EventType);
    }

    [Fact]
    public void Ttb1_translates_the_upper_range_and_tbi_ignores_the_top_byte()
    {
        var bed = new Smmuv3TestBed();
        var low = bed.Stage1Tables();
        var high = bed.Stage1Tables();
        low.Map(Va, 0x7000_0000, 0x1000, IommuProt.Read);
        const ulong upperVa = 0xFFFF_8000_0000_2000;
        high.Map(upperVa & 0xFFFF_FFFF_FFFF, 0x7100_0000, 0x1000, IommuProt.Read);
        var cd = Smmuv3TestBed.Cd(low.RootAddress) with { EPD1 = false, T1SZ = 16, TG1 = Tg1Granule.Size4K, TTB1 = high.RootAddress, TBI0 = true };
        bed.WriteCd(CdTable, cd);
        bed.WriteSte(1, Smmuv3TestBed.S1Ste(CdTable));

        Assert.Equal(0x7100_0010UL, bed.Read(1, upperVa + 0x10).OutputAddress);
        Assert.Equal(0x7000_0010UL, bed.Read(1, 0x5A00_0000_0000_0000UL | (Va + 0x10)).OutputAddress); // tagged pointer, TBI0
        Assert.Equal(EventType.F_TRANSLATION, bed.Read(1, 0x5AFF_8000_0000_2000UL).EventType);        // TBI1 off: tag breaks the range
    }

    [Fact]
    public void Tlb_hits_survive_table_removal_and_a_policy_of_none_always_walks()
    {
        foreach (var (policy, staysOld) in new[] { (CachePolicy.Unbounded, true), (CachePolicy.None, false) })
        {
            var bed = new Smmuv3TestBed(Smmuv3Capabilities.Default with { TlbPolicy = policy });
            var tables = bed.Stage1Tables();
            tables.Map(Va, 0x7000_0000, 0x1000, IommuProt.Read);
            bed.WriteCd(CdTable, Smmuv3TestBed.Cd(tables.RootAddress));
            bed.WriteSte(1, Smmuv3TestBed.S1Ste(CdTable));
            Assert.True(bed.Read(1, Va).IsSuccess);
            tables.Unmap(Va);
            Assert.Equal(staysOld, bed.Read(1, Va).IsSuccess);
        }
    }

    [Fact]
    public void Bounded_tlb_evicts_one_entry_at_a_time_instead_of_flushing()
    {
        var bed = new Smmuv3TestBed(Smmuv3Capabilities.Default with { TlbPolicy = CachePolicy.Bounded(8) });
        var tables = bed.Stage1Tables();
        tables.Map(Va, 0x7000_0000, 0x10_0000, IommuProt.Read, useBlocks: false);
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(tables.RootAddress));
        bed.WriteSte(1, Smmuv3TestBed.S1Ste(CdTable));
        for (ulong i = 0; i < 9; i++)
        {
            Assert.True(bed.Read(1, Va + (i << 12)).IsSuccess);
        }

        // QEMU flushes its whole IOTLB when full (smmu_iotlb_insert); one eviction leaves the other seven.
        Assert.Equal(8, bed.Smmu.CachedTranslations);
    }

    [Fact]
    public void Write_access_and_privilege_use_the_cached_permissions()
    {
        var bed = new Smmuv3TestBed();
        var tables = bed.Stage1Tables();
        tables.Map(Va, 0x7000_0000, 0x1000, IommuProt.Read | IommuProt.Priv); // privileged-only, read-only
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(tables.RootAddress));
        bed.WriteSte(1, Smmuv3TestBed.S1Ste(CdTable));
        Assert.True(bed.Read(1, Va, privileged: true).IsSuccess);
        Assert.Equal(EventType.F_PERMISSION, bed.Read(1, Va, privileged: false).EventType);
        Assert.Equal(EventType.F_PERMISSION, bed.Smmu.Translate(new Smmuv3Request(1, Va, AccessKind.Write, privileged: true)).EventType);
    }
}
