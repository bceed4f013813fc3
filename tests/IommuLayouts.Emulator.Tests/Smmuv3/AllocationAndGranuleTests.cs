using System;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>The hot path allocates nothing; 16 KB and 64 KB granules work through the CD and STE encodings.</summary>
public class AllocationAndGranuleTests
{
    private const ulong Va = 0x40_0000_0000;
    private const ulong CdTable = 0x4E20_0000;

    private static Smmuv3TestBed Stage1Bed(CachePolicy tlb)
    {
        var bed = new Smmuv3TestBed(Smmuv3Capabilities.Default with { TlbPolicy = tlb, ConfigCachePolicy = CachePolicy.Unbounded });
        var tables = bed.Stage1Tables();
        tables.Map(Va, 0x7000_0000, 0x1000, IommuProt.Read);
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(tables.RootAddress));
        bed.WriteSte(1, Smmuv3TestBed.S1Ste(CdTable));
        return bed;
    }

    private static long AllocatedBy(Smmuv3TestBed bed, uint sid, int count)
    {
        var request = new Smmuv3Request(sid, Va + 8, AccessKind.Read);
        Assert.True(bed.Smmu.Translate(request).IsSuccess); // config cache filled
        return AllocationProbe.SteadyStateBytes(() =>
        {
            for (var i = 0; i < count; i++)
            {
                bed.Smmu.Translate(request);
            }
        });
    }

    [Fact]
    public void Tlb_hits_allocate_nothing() => Assert.Equal(0, AllocatedBy(Stage1Bed(CachePolicy.Unbounded), 1, 1000));

    [Fact]
    public void Walks_with_the_tlb_off_allocate_nothing() => Assert.Equal(0, AllocatedBy(Stage1Bed(CachePolicy.None), 1, 1000));

    [Fact]
    public void Nested_walks_with_the_tlb_off_allocate_nothing()
    {
        var bed = new Smmuv3TestBed(Smmuv3Capabilities.Default with { TlbPolicy = CachePolicy.None, ConfigCachePolicy = CachePolicy.Unbounded });
        var s2 = bed.Stage2Tables();
        var s1 = bed.Stage1Tables();
        s1.Map(Va, 0x7000_0000, 0x1000, IommuProt.Read);
        s2.Map(0x7000_0000, 0x9000_0000, 0x1000, IommuProt.Read);
        s2.Map(CdTable, CdTable, 0x1000, IommuProt.Read);
        s2.Map(Smmuv3TestBed.TablePool, Smmuv3TestBed.TablePool, 0x10_0000, IommuProt.Read, useBlocks: false);
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(s1.RootAddress));
        bed.WriteSte(1, Smmuv3TestBed.S2Ste(s2.RootAddress, config: SteConfig.Nested, cdTable: CdTable));
        Assert.Equal(0x9000_0008UL, bed.Read(1, Va + 8).OutputAddress);
        Assert.Equal(0, AllocatedBy(bed, 1, 1000));
    }

    [Theory]
    [InlineData(TranslationGranule.Size16K, Tg0Granule.Size16K)]
    [InlineData(TranslationGranule.Size64K, Tg0Granule.Size64K)]
    public void Larger_granules_translate_through_the_cd(TranslationGranule granule, Tg0Granule tg0)
    {
        var bed = new Smmuv3TestBed();
        var tables = bed.Stage1Tables(granule, 48);
        var page = 1UL << (int)granule;
        tables.Map(Va, 0x7000_0000, page, IommuProt.Read);
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(tables.RootAddress) with { TG0 = tg0 });
        bed.WriteSte(1, Smmuv3TestBed.S1Ste(CdTable));
        var r = bed.Read(1, Va + page - 8);
        Assert.Equal(0x7000_0000 + page - 8, r.OutputAddress);
        Assert.Equal(page, r.PageSize);
    }
}
