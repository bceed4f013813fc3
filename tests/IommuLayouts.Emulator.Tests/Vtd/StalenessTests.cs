using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// Caches behave as hardware: after the guest changes a table, the old answer stays until the right
/// invalidation; an invalidation that does not cover the entry leaves it stale. Descriptor encodings follow Linux
/// (QI_CC_*, QI_IOTLB_*, QI_EIOTLB_*, QI_PC_*) through the generated layouts; register commands follow CCMD/IOTLB_REG.
/// </summary>
public sealed class StalenessTests
{
    private static readonly ushort Device = VtdTestBed.Sid(0, 3, 0);
    private static readonly ushort Other = VtdTestBed.Sid(0, 4, 0);
    private const ulong Old = 0x5000_0000;
    private const ulong New = 0x5100_0000;

    private static VtdCacheOptions Caches => new() { Iotlb = CachePolicy.Unbounded };

    // ---- IOTLB (legacy second stage) ---------------------------------------------------------------------------

    private static (VtdTestBed Bed, VtdPageTableBuilder Tables) LegacyWithStaleIotlb()
    {
        var bed = new VtdTestBed(scalable: false, caches: Caches);
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        tables.Map(0x1000, Old, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.LegacyContext(Device, tables.RootAddress, 4, did: 1);
        bed.Enable();
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress);
        tables.Map(0x1000, New, 0x1000, IommuProt.Read | IommuProt.Write);
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress); // stale: no invalidation yet
        return (bed, tables);
    }

    private static ulong[] Iotlb(IotlbGranularity g, ushort did = 0, ulong address = 0, byte am = 0)
    {
        var d = new IotlbInvalidateDescriptor { TypeLow = 2, Granularity = g, DomainId = did, Address = address, AddressMask = am };
        return [d.GetWord(0), d.GetWord(1)];
    }

    [Fact]
    public void Iotlb_global_invalidation_refreshes()
    {
        var (bed, _) = LegacyWithStaleIotlb();
        bed.EnableQueue(wide: false);
        bed.Submit(Iotlb(IotlbGranularity.Global));
        Assert.Equal(New, bed.Translate(Device, 0x1000).OutputAddress);
    }

    [Fact]
    public void Iotlb_domain_invalidation_is_selective()
    {
        var (bed, _) = LegacyWithStaleIotlb();
        bed.EnableQueue(wide: false);
        bed.Submit(Iotlb(IotlbGranularity.Domain, did: 2));
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress);
        bed.Submit(Iotlb(IotlbGranularity.Domain, did: 1));
        Assert.Equal(New, bed.Translate(Device, 0x1000).OutputAddress);
    }

    [Fact]
    public void Iotlb_page_invalidation_is_selective_by_address_and_mask()
    {
        var (bed, _) = LegacyWithStaleIotlb();
        bed.EnableQueue(wide: false);
        bed.Submit(Iotlb(IotlbGranularity.Page, did: 1, address: 0x4000, am: 1)); // 0x4000..0x5fff
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress);
        bed.Submit(Iotlb(IotlbGranularity.Page, did: 2, address: 0x1000, am: 0)); // other domain
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress);
        bed.Submit(Iotlb(IotlbGranularity.Page, did: 1, address: 0x0, am: 2)); // 0x0..0x3fff covers 0x1000
        Assert.Equal(New, bed.Translate(Device, 0x1000).OutputAddress);
    }

    [Fact]
    public void Register_based_iotlb_page_invalidation_reports_the_granularity_done()
    {
        var (bed, _) = LegacyWithStaleIotlb();
        // IVA at ECAP.IRO·16 = 0xF0, IOTLB_REG at 0xF8: IVT (63) | IIRG = 3 (60..61) | DID 1 (32..47).
        Assert.True(bed.Vtd.WriteRegister(0xF0, 0x8000, 64));
        Assert.True(bed.Vtd.WriteRegister(0xF8, (1UL << 63) | (3UL << 60) | (1UL << 32), 64));
        var reg = bed.Vtd.ReadRegister(0xF8, 64);
        Assert.Equal(0UL, reg >> 63);           // IVT cleared when done
        Assert.Equal(3UL, (reg >> 57) & 3);     // IAIG = page
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress);
        Assert.True(bed.Vtd.WriteRegister(0xF0, 0x1000, 64));
        Assert.True(bed.Vtd.WriteRegister(0xF8, (1UL << 63) | (3UL << 60) | (1UL << 32), 64));
        Assert.Equal(New, bed.Translate(Device, 0x1000).OutputAddress);
    }

    [Fact]
    public void Register_based_invalidation_is_ignored_while_queued_invalidation_is_on()
    {
        var (bed, _) = LegacyWithStaleIotlb();
        bed.EnableQueue(wide: false);
        Assert.True(bed.Vtd.WriteRegister(0xF8, (1UL << 63) | (1UL << 60), 64));
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress);
    }

    // ---- context cache -----------------------------------------------------------------------------------------

    private static VtdTestBed LegacyWithStaleContext()
    {
        var bed = new VtdTestBed(scalable: false, caches: Caches);
        var oldTables = bed.Tables(VtdTableFormat.SecondStage, 4);
        oldTables.Map(0x1000, Old, 0x1000, IommuProt.Read);
        var newTables = bed.Tables(VtdTableFormat.SecondStage, 4);
        newTables.Map(0x1000, New, 0x1000, IommuProt.Read);
        bed.LegacyContext(Device, oldTables.RootAddress, 4, did: 1);
        bed.Enable();
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress);
        bed.LegacyContext(Device, newTables.RootAddress, 4, did: 2); // a new domain: no IOTLB entry to hide behind
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress);
        return bed;
    }

    private static void Ccmd(VtdTestBed bed, int cirg, ushort did = 0, ushort sid = 0, int fm = 0)
    {
        // CCMD: ICC 63, CIRG 61..62, FM 32..33, SID 16..31, DID 0..15 (Linux DMA_CCMD_*).
        var value = (1UL << 63) | ((ulong)cirg << 61) | ((ulong)fm << 32) | ((ulong)sid << 16) | did;
        Assert.True(bed.Vtd.WriteRegister(0x28, value, 64));
        var after = bed.Vtd.ReadRegister(0x28, 64);
        Assert.Equal(0UL, after >> 63);
        Assert.Equal((ulong)cirg, (after >> 59) & 3); // CAIG
    }

    [Fact]
    public void Context_cache_global_invalidation_refreshes()
    {
        var bed = LegacyWithStaleContext();
        Ccmd(bed, 1);
        Assert.Equal(New, bed.Translate(Device, 0x1000).OutputAddress);
    }

    [Fact]
    public void Context_cache_domain_invalidation_matches_the_cached_domain()
    {
        var bed = LegacyWithStaleContext();
        Ccmd(bed, 2, did: 2); // the new DID: the cached entry still says 1
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress);
        Ccmd(bed, 2, did: 1);
        Assert.Equal(New, bed.Translate(Device, 0x1000).OutputAddress);
    }

    [Fact]
    public void Context_cache_device_invalidation_is_selective_and_honours_the_function_mask()
    {
        var bed = LegacyWithStaleContext();
        Ccmd(bed, 3, sid: Other);
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress);
        Ccmd(bed, 3, sid: (ushort)(Device | 7), fm: 3); // FM = 3 masks function bits 2:0
        Assert.Equal(New, bed.Translate(Device, 0x1000).OutputAddress);
    }

    [Fact]
    public void Context_cache_device_invalidation_through_the_queue()
    {
        var bed = LegacyWithStaleContext();
        bed.EnableQueue(wide: false);
        var other = new ContextCacheInvalidateDescriptor { TypeLow = 1, Granularity = ContextCacheGranularity.Device, SourceId = Other };
        bed.Submit([other.GetWord(0), other.GetWord(1)]);
        Assert.Equal(Old, bed.Translate(Device, 0x1000).OutputAddress);
        var mine = new ContextCacheInvalidateDescriptor { TypeLow = 1, Granularity = ContextCacheGranularity.Device, SourceId = Device };
        bed.Submit([mine.GetWord(0), mine.GetWord(1)]);
        Assert.Equal(New, bed.Translate(Device, 0x1000).OutputAddress);
    }

    // ---- PASID cache and PASID-based IOTLB (scalable first stage) ------------------------------------------------

    private static (VtdTestBed Bed, VtdPageTableBuilder Tables) ScalableFirstStage()
    {
        var bed = new VtdTestBed(scalable: true, caches: Caches);
        var tables = bed.Tables(VtdTableFormat.FirstStage, 4);
        tables.Map(0x1000, Old, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.ScalableContext(Device);
        bed.SetPasidEntry(Device, 5, VtdTestBed.FirstStageEntry(tables.RootAddress, 4, did: 1));
        bed.Enable();
        bed.EnableQueue(wide: true);
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
        return (bed, tables);
    }

    private static VtdTestBed ScalableWithStalePasidEntry()
    {
        var (bed, _) = ScalableFirstStage();
        var newTables = bed.Tables(VtdTableFormat.FirstStage, 4);
        newTables.Map(0x1000, New, 0x1000, IommuProt.Read);
        bed.SetPasidEntry(Device, 5, VtdTestBed.FirstStageEntry(newTables.RootAddress, 4, did: 2));
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
        return bed;
    }

    private static ulong[] PasidCache(PasidCacheGranularity g, ushort did, uint pasid)
    {
        var d = new PasidCacheInvalidateDescriptor { TypeLow = 7, Granularity = g, DomainId = did, Pasid = pasid };
        return [d.GetWord(0), d.GetWord(1), d.GetWord(2), d.GetWord(3)];
    }

    [Fact]
    public void Pasid_cache_pasid_selective_invalidation_is_selective()
    {
        var bed = ScalableWithStalePasidEntry();
        bed.Submit(PasidCache(PasidCacheGranularity.PasidWithinDomain, 1, 6));
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
        bed.Submit(PasidCache(PasidCacheGranularity.PasidWithinDomain, 1, 5));
        Assert.Equal(New, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
    }

    [Fact]
    public void Pasid_cache_domain_invalidation_is_selective()
    {
        var bed = ScalableWithStalePasidEntry();
        bed.Submit(PasidCache(PasidCacheGranularity.Domain, 2, 0));
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
        bed.Submit(PasidCache(PasidCacheGranularity.Domain, 1, 0));
        Assert.Equal(New, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
    }

    [Fact]
    public void Pasid_cache_global_invalidation_refreshes()
    {
        var bed = ScalableWithStalePasidEntry();
        bed.Submit(PasidCache(PasidCacheGranularity.Global, 0, 0));
        Assert.Equal(New, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
    }

    private static ulong[] PasidIotlb(PasidIotlbGranularity g, ushort did, uint pasid, ulong address = 0, byte am = 0)
    {
        var d = new PasidIotlbInvalidateDescriptor { TypeLow = 6, Granularity = g, DomainId = did, Pasid = pasid, Address = address, AddressMask = am };
        return [d.GetWord(0), d.GetWord(1), d.GetWord(2), d.GetWord(3)];
    }

    private static VtdTestBed ScalableWithStaleIotlb()
    {
        var (bed, tables) = ScalableFirstStage();
        tables.Map(0x1000, New, 0x1000, IommuProt.Read | IommuProt.Write);
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
        return bed;
    }

    [Fact]
    public void Pasid_iotlb_pasid_invalidation_is_selective()
    {
        var bed = ScalableWithStaleIotlb();
        bed.Submit(PasidIotlb(PasidIotlbGranularity.Pasid, 1, 6));
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
        bed.Submit(PasidIotlb(PasidIotlbGranularity.Pasid, 2, 5));
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
        bed.Submit(PasidIotlb(PasidIotlbGranularity.Pasid, 1, 5));
        Assert.Equal(New, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
    }

    [Fact]
    public void Pasid_iotlb_page_invalidation_is_selective()
    {
        var bed = ScalableWithStaleIotlb();
        bed.Submit(PasidIotlb(PasidIotlbGranularity.PageWithinPasid, 1, 5, 0x2000));
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
        bed.Submit(PasidIotlb(PasidIotlbGranularity.PageWithinPasid, 1, 5, 0x1000));
        Assert.Equal(New, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
    }

    [Fact]
    public void Iotlb_page_invalidation_also_drops_first_stage_entries_of_the_domain()
    {
        // QEMU vtd_hash_remove_by_page: a page-selective IOTLB invalidation removes every first-stage entry of the DID.
        var bed = ScalableWithStaleIotlb();
        var other = Iotlb(IotlbGranularity.Page, did: 2, address: 0x1000);
        bed.Submit([other[0], other[1], 0, 0]);
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
        var mine = Iotlb(IotlbGranularity.Page, did: 1, address: 0x7000);
        bed.Submit([mine[0], mine[1], 0, 0]);
        Assert.Equal(New, bed.Translate(Device, 0x1000, pasid: 5).OutputAddress);
    }

    [Fact]
    public void Srtp_with_esrtps_invalidates_every_cache()
    {
        var (bed, _) = LegacyWithStaleIotlb();
        Assert.True(bed.Vtd.WriteRegister(0x18, (1u << 31) | (1u << 30), 32)); // TE kept, SRTP
        Assert.Equal(New, bed.Translate(Device, 0x1000).OutputAddress);
    }

    [Fact]
    public void Bounded_iotlb_evicts_one_entry_at_a_time()
    {
        var bed = new VtdTestBed(scalable: false, caches: new VtdCacheOptions { Iotlb = CachePolicy.Bounded(4) });
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        tables.Map(0, Old, 0x10000, IommuProt.Read);
        bed.LegacyContext(Device, tables.RootAddress, 4, did: 1);
        bed.Enable();
        for (var page = 0UL; page < 16; page++)
        {
            Assert.Equal(Old + (page << 12), bed.Translate(Device, page << 12).OutputAddress);
            Assert.Equal((int)System.Math.Min(page + 1, 4), bed.Vtd.IotlbCount); // QEMU would drop to 0 when full
        }
    }
}
