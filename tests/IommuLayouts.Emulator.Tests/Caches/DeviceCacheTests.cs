using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Tests.Memory;
using IommuLayouts.Emulator.Tests.Smmuv3;
using IommuLayouts.Emulator.Tests.Vtd;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Caches;

/// <summary>
/// The caches inside the devices: a walk that races an invalidation leaves nothing stale behind (the invalidation runs
/// from inside the walk's own descriptor read, after the walk has read the old value), configuration-cache keys and
/// filters on SMMUv3, and the configured eviction policy on VT-d.
/// </summary>
public sealed class DeviceCacheTests
{
    private const uint Sid = 3;
    private const ushort Asid = 0x42;
    private const ulong Va = 0x7_0000_3000;
    private const ulong OldPa = 0x1_0000_0000;
    private const ulong NewPa = 0x2_0000_0000;
    private const ulong CdTable = 0x4E20_0000;
    private const ulong Old = 0x5000_0000;
    private const ulong New = 0x5100_0000;

    private static (Smmuv3TestBed Bed, Vmsa64PageTableBuilder Tables, RacingMemory Racing) Smmuv3Stage1(byte cdMax = 0, SteS1Dss dss = SteS1Dss.Terminate)
    {
        RacingMemory? racing = null;
        var bed = new Smmuv3TestBed(deviceMemory: m => racing = new RacingMemory(m));
        var tables = bed.Stage1Tables();
        tables.Map(Va, OldPa, 0x1000, IommuProt.Read | IommuProt.Write);
        for (var ssid = 0u; ssid <= (cdMax == 0 ? 0 : (1u << cdMax) - 1); ssid++)
        {
            bed.WriteCd(CdTable + (ssid * 64), Smmuv3TestBed.Cd(tables.RootAddress, Asid));
        }

        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable, cdMax, dss: dss));
        return (bed, tables, racing!);
    }

    [Fact]
    public void Smmuv3_walk_racing_a_tlbi_does_not_cache_the_old_page()
    {
        var (bed, tables, racing) = Smmuv3Stage1();
        var leaf = tables.FindDescriptorAddress(Va, 3)!.Value;
        racing.AfterRead(leaf, () =>
        {
            var pte = bed.Read64(leaf);
            Assert.True(bed.Memory.TryWriteUInt64(leaf, (pte & ~0xFFFF_FFFF_F000UL) | NewPa));
            bed.Submit(TlbiNhAsidCommand.Create() with { ASID = Asid });
            bed.Sync();
        });

        Assert.Equal(OldPa, bed.Read(Sid, Va).OutputAddress); // the racing walk read the old descriptor
        Assert.True(racing.Fired);
        Assert.Equal(NewPa, bed.Read(Sid, Va).OutputAddress);
    }

    [Fact]
    public void Smmuv3_configuration_read_racing_cfgi_ste_does_not_cache_the_old_ste()
    {
        var (bed, _, racing) = Smmuv3Stage1();
        racing.AfterRead(Smmuv3TestBed.StreamTable + (Sid * 64) + 56, () => // after the last of its eight words
        {
            bed.WriteSte(Sid, new StreamTableEntry { V = true, Config = SteConfig.Bypass });
            bed.Submit(CfgiSteCommand.Create() with { StreamID = Sid });
            bed.Sync();
        });

        Assert.Equal(OldPa, bed.Read(Sid, Va).OutputAddress);
        Assert.True(racing.Fired);
        Assert.Equal(0, bed.Smmu.CachedConfigurations);
        var after = bed.Read(Sid, Va);
        Assert.Equal(Smmuv3Outcome.Bypassed, after.Outcome);
        Assert.Equal(Va, after.OutputAddress);
    }

    [Fact]
    public void Smmuv3_configurations_with_and_without_substream_are_cached_apart_and_cfgi_cd_0_removes_both()
    {
        var (bed, _, _) = Smmuv3Stage1(cdMax: 1, dss: SteS1Dss.Ssid0);
        Assert.True(bed.Read(Sid, Va).IsSuccess);
        Assert.True(bed.Read(Sid, 0, Va).IsSuccess);
        Assert.True(bed.Read(Sid, 1, Va).IsSuccess);
        Assert.Equal(3, bed.Smmu.CachedConfigurations);

        bed.Submit(CfgiCdCommand.Create() with { StreamID = Sid, SubstreamID = 1 });
        bed.Sync();
        Assert.Equal(2, bed.Smmu.CachedConfigurations);
        bed.Submit(CfgiCdCommand.Create() with { StreamID = Sid + 1, SubstreamID = 0 });
        bed.Sync();
        Assert.Equal(2, bed.Smmu.CachedConfigurations);
        bed.Submit(CfgiCdCommand.Create() with { StreamID = Sid, SubstreamID = 0 });
        bed.Sync();
        Assert.Equal(0, bed.Smmu.CachedConfigurations);
    }

    [Fact]
    public void Smmuv3_cfgi_ste_range_removes_exactly_its_stream_ids()
    {
        var (bed, _, _) = Smmuv3Stage1();
        foreach (var sid in new uint[] { 1, 2, 5, 6 })
        {
            bed.WriteSte(sid, Smmuv3TestBed.S1Ste(CdTable));
            Assert.True(bed.Read(sid, Va).IsSuccess);
        }

        Assert.True(bed.Read(Sid, Va).IsSuccess);
        Assert.Equal(5, bed.Smmu.CachedConfigurations);

        // Range = 0: the two StreamIDs 2..3.
        bed.Submit(CfgiSteRangeCommand.Create() with { StreamID = 2, Range = 0 });
        bed.Sync();
        Assert.Equal(3, bed.Smmu.CachedConfigurations);
        bed.Submit(CfgiSteCommand.Create() with { StreamID = 4 });
        bed.Sync();
        Assert.Equal(3, bed.Smmu.CachedConfigurations);
        bed.Submit(CfgiCdAllCommand.Create() with { StreamID = 5 });
        bed.Sync();
        Assert.Equal(2, bed.Smmu.CachedConfigurations);
        bed.Submit(CfgiSteRangeCommand.Create() with { StreamID = 0, Range = 31 }); // CFGI_ALL
        bed.Sync();
        Assert.Equal(0, bed.Smmu.CachedConfigurations);
    }

    private static (VtdTestBed Bed, VtdPageTableBuilder Tables, RacingMemory Racing) VtdLegacy(VtdCacheOptions? caches = null)
    {
        RacingMemory? racing = null;
        var bed = new VtdTestBed(scalable: false, caches: caches ?? new VtdCacheOptions { Iotlb = CachePolicy.Unbounded }, deviceMemory: m => racing = new RacingMemory(m));
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        tables.Map(0x1000, Old, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.LegacyContext(VtdTestBed.Device, tables.RootAddress, 4, did: 1);
        bed.Enable();
        bed.EnableQueue(wide: false);
        return (bed, tables, racing!);
    }

    /// <summary>The racing translation returns the old page and caches nothing; the next one sees the new page.</summary>
    private static void AssertRaceLeftNothing(VtdTestBed bed, RacingMemory racing, System.Func<VtdTestBed, int> cached, uint? pasid = null)
    {
        Assert.Equal(Old, bed.Translate(VtdTestBed.Device, 0x1000, pasid: pasid).OutputAddress);
        Assert.True(racing.Fired);
        Assert.Equal(0, cached(bed));
        Assert.Equal(New, bed.Translate(VtdTestBed.Device, 0x1000, pasid: pasid).OutputAddress);
    }

    [Fact]
    public void Vtd_pasid_entry_read_racing_a_pasid_cache_invalidation_does_not_cache_the_old_entry()
    {
        RacingMemory? racing = null;
        var bed = new VtdTestBed(scalable: true, deviceMemory: m => racing = new RacingMemory(m));
        var tables = bed.Tables(VtdTableFormat.FirstStage, 4);
        tables.Map(0x1000, Old, 0x1000, IommuProt.Read | IommuProt.Write);
        var moved = bed.Tables(VtdTableFormat.FirstStage, 4);
        moved.Map(0x1000, New, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.ScalableContext(VtdTestBed.Device);
        bed.SetPasidEntry(VtdTestBed.Device, 5, VtdTestBed.FirstStageEntry(tables.RootAddress, 4, did: 1));
        bed.Enable();
        bed.EnableQueue(wide: true);
        racing!.AfterRead(bed.PasidEntryAddress(VtdTestBed.Device, 5) + 56, () => // after the last of its eight words
        {
            bed.SetPasidEntry(VtdTestBed.Device, 5, VtdTestBed.FirstStageEntry(moved.RootAddress, 4, did: 2));
            var d = new PasidCacheInvalidateDescriptor { TypeLow = 7, Granularity = PasidCacheGranularity.PasidWithinDomain, DomainId = 1, Pasid = 5 };
            bed.Submit([d.GetWord(0), d.GetWord(1), d.GetWord(2), d.GetWord(3)]);
        });

        AssertRaceLeftNothing(bed, racing, static b => b.Vtd.PasidCacheCount, pasid: 5);
    }

    [Fact]
    public void Vtd_walk_racing_an_iotlb_invalidation_does_not_cache_the_old_page()
    {
        var (bed, tables, racing) = VtdLegacy();
        racing.AfterRead(tables.FindEntryAddress(0x1000, 1)!.Value, () =>
        {
            tables.Map(0x1000, New, 0x1000, IommuProt.Read | IommuProt.Write);
            var d = new IotlbInvalidateDescriptor { TypeLow = 2, Granularity = IotlbGranularity.Domain, DomainId = 1 };
            bed.Submit([d.GetWord(0), d.GetWord(1)]);
        });

        AssertRaceLeftNothing(bed, racing, static b => b.Vtd.IotlbCount);
    }

    [Fact]
    public void Vtd_context_read_racing_a_context_cache_invalidation_does_not_cache_the_old_context()
    {
        var (bed, _, racing) = VtdLegacy();
        var moved = bed.Tables(VtdTableFormat.SecondStage, 4);
        moved.Map(0x1000, New, 0x1000, IommuProt.Read | IommuProt.Write);
        racing.AfterRead(bed.ContextEntryAddress(VtdTestBed.Device) + 8, () => // after its second word
        {
            bed.LegacyContext(VtdTestBed.Device, moved.RootAddress, 4, did: 2);
            var d = new ContextCacheInvalidateDescriptor { TypeLow = 1, Granularity = ContextCacheGranularity.Global };
            bed.Submit([d.GetWord(0), d.GetWord(1)]);
        });

        AssertRaceLeftNothing(bed, racing, static b => b.Vtd.ContextCacheCount);
    }

    [Fact]
    public void Vtd_bounded_context_cache_evicts_by_the_clock_not_the_first_key()
    {
        var (bed, tables, _) = VtdLegacy(new VtdCacheOptions { ContextCache = CachePolicy.Bounded(2), Iotlb = CachePolicy.None });
        var a = VtdTestBed.Sid(0, 1, 0);
        var b = VtdTestBed.Sid(0, 2, 0);
        var c = VtdTestBed.Sid(0, 4, 0);
        foreach (var sid in new[] { a, b, c })
        {
            bed.LegacyContext(sid, tables.RootAddress, 4, did: 1);
        }

        Assert.True(bed.Translate(a, 0x1000).IsTranslated);
        Assert.True(bed.Translate(b, 0x1000).IsTranslated);
        Assert.True(bed.Translate(a, 0x1000).IsTranslated); // a hit: a is referenced, b is not
        Assert.True(bed.Translate(c, 0x1000).IsTranslated); // full: the clock passes a and evicts b
        Assert.Equal(2, bed.Vtd.ContextCacheCount);

        // Clear both context entries without invalidating: a cached entry still translates, an evicted one is re-read.
        foreach (var sid in new[] { a, b })
        {
            var address = bed.ContextEntryAddress(sid);
            Assert.True(bed.Memory.TryWriteUInt64(address, 0));
            Assert.True(bed.Memory.TryWriteUInt64(address + 8, 0));
        }

        Assert.True(bed.Translate(a, 0x1000).IsTranslated);
        Assert.True(bed.Translate(b, 0x1000).IsFault);
    }

    [Fact]
    public void Vtd_configuration_cache_hits_allocate_nothing()
    {
        var bed = VtdTestBed.FirstStagePage(new VtdCacheOptions { Iotlb = CachePolicy.None });
        var request = new VtdRequest(VtdTestBed.Device, 0x1234, AccessKind.Read, 5);
        Assert.True(bed.Vtd.Translate(request).IsTranslated);
        Assert.Equal(1, bed.Vtd.ContextCacheCount);
        Assert.Equal(1, bed.Vtd.PasidCacheCount);

        Assert.Equal(0, AllocationProbe.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                bed.Vtd.Translate(request);
            }
        }));
    }
}
