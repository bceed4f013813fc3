using System.Linq;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// A nested (PGTT = Nested) walk caches the second-stage translations it makes, of the first-stage table addresses and of
/// the output, as second-stage IOTLB entries of the domain. They behave as the cached second-stage mappings of the VT-d
/// specification (6.5.2.1 / 6.5.2.4, as Linux relies on in cache_tag_flush_range and QEMU in vtd_hash_remove_by_page):
/// an IOTLB domain- or page-selective invalidation removes them, a PASID-based IOTLB invalidation (which covers
/// first-stage and combined entries) keeps them.
/// </summary>
public sealed class NestedSecondStageCacheTests
{
    private static readonly ushort Device = VtdTestBed.Sid(0, 3, 0);
    private const ushort Domain = 4;
    private const uint Pasid = 6;
    private const ulong GpaTables = 0x0100_0000;     // the guest's first-stage tables, at guest-physical addresses
    private const ulong HpaOffset = 0x4000_0000;     // where the second stage puts them
    private const ulong OutputGpa = 0x0800_0000;     // the first stage maps IOVA 0x1000 here
    private const ulong Old = 0x6000_0000;
    private const ulong New = 0x6100_0000;

    private static (VtdTestBed Bed, VtdPageTableBuilder SecondStage) Nested(CachePolicy iotlb)
    {
        var bed = new VtdTestBed(scalable: true, caches: new VtdCacheOptions { Iotlb = iotlb });
        var ss = bed.Tables(VtdTableFormat.SecondStage, 4);
        var fsAllocator = new BumpTableAllocator(bed.Memory, GpaTables + HpaOffset, GpaTables + HpaOffset + 0x10_0000);
        var fs = new VtdPageTableBuilder(bed.Memory, new OffsetAllocator(fsAllocator, HpaOffset), VtdTableFormat.FirstStage, 4, a => a + HpaOffset);
        fs.Map(0x1000, OutputGpa, 0x2000, IommuProt.Read | IommuProt.Write);
        ss.Map(GpaTables, GpaTables + HpaOffset, 0x10_0000, IommuProt.Read | IommuProt.Write);
        ss.Map(OutputGpa, Old, 0x2000, IommuProt.Read | IommuProt.Write);
        bed.ScalableContext(Device);
        bed.SetPasidEntry(Device, Pasid, VtdTestBed.NestedEntry(fs.RootAddress, 4, ss.RootAddress, 4, Domain));
        bed.Enable();
        bed.EnableQueue(wide: true);
        return (bed, ss);
    }

    /// <summary>A bed whose nested translation of 0x1000 went through the caches once, then the host moved the output page.</summary>
    private static VtdTestBed MovedAfterFirstWalk()
    {
        var (bed, ss) = Nested(CachePolicy.Unbounded);
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: Pasid).OutputAddress);
        ss.Map(OutputGpa, New, 0x1000, IommuProt.Read | IommuProt.Write);
        return bed;
    }

    private static ulong[] PasidIotlb(PasidIotlbGranularity g)
    {
        var d = new PasidIotlbInvalidateDescriptor { TypeLow = 6, Granularity = g, DomainId = Domain, Pasid = Pasid };
        return [d.GetWord(0), d.GetWord(1), d.GetWord(2), d.GetWord(3)];
    }

    private static ulong[] Iotlb(IotlbGranularity g, ulong address = 0)
    {
        var d = new IotlbInvalidateDescriptor { TypeLow = 2, Granularity = g, DomainId = Domain, Address = address };
        return [d.GetWord(0), d.GetWord(1), 0, 0];
    }

    [Fact]
    public void Pasid_based_invalidation_keeps_the_cached_second_stage_translation()
    {
        var bed = MovedAfterFirstWalk();
        bed.Submit(PasidIotlb(PasidIotlbGranularity.Pasid));
        // The combined entry is gone, the walk runs again, and the output's second stage comes from the IOTLB: stale.
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: Pasid).OutputAddress);
    }

    [Fact]
    public void Domain_iotlb_invalidation_drops_the_cached_second_stage_translation()
    {
        var bed = MovedAfterFirstWalk();
        bed.Submit(PasidIotlb(PasidIotlbGranularity.Pasid));
        bed.Submit(Iotlb(IotlbGranularity.Domain));
        Assert.Equal(New, bed.Translate(Device, 0x1000, pasid: Pasid).OutputAddress);
    }

    [Fact]
    public void Page_iotlb_invalidation_drops_only_the_page_it_names()
    {
        var bed = MovedAfterFirstWalk();
        bed.Submit(Iotlb(IotlbGranularity.Page, OutputGpa + 0x1000)); // the next page: the moved one stays stale
        bed.Submit(PasidIotlb(PasidIotlbGranularity.Pasid));
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: Pasid).OutputAddress);

        bed.Submit(Iotlb(IotlbGranularity.Page, OutputGpa));
        bed.Submit(PasidIotlb(PasidIotlbGranularity.Pasid));
        Assert.Equal(New, bed.Translate(Device, 0x1000, pasid: Pasid).OutputAddress);
    }

    [Fact]
    public void A_second_walk_through_the_same_tables_does_no_second_stage_walk()
    {
        var (bed, _) = Nested(CachePolicy.Unbounded);
        var first = new WalkTraceRecorder();
        Assert.Equal(Old, bed.Vtd.Translate(new VtdRequest(Device, 0x1000, AccessKind.Read, Pasid), first).OutputAddress);
        Assert.Contains(first.Steps, s => s.Purpose == WalkPurpose.Stage2ForStage1Table);

        // 0x2000 shares every first-stage table with 0x1000, and its output page lies in no cached second-stage page.
        var second = new WalkTraceRecorder();
        Assert.Equal(Old + 0x1000, bed.Vtd.Translate(new VtdRequest(Device, 0x2000, AccessKind.Read, Pasid), second).OutputAddress);
        Assert.DoesNotContain(second.Steps, s => s.Purpose == WalkPurpose.Stage2ForStage1Table);
        Assert.Equal(4, second.Steps.Count(s => s.Purpose == WalkPurpose.Stage1));
        Assert.Equal(4, second.Steps.Count(s => s.Purpose == WalkPurpose.Stage2ForOutput));
    }

    [Fact]
    public void Without_an_iotlb_every_nested_walk_walks_the_second_stage()
    {
        var (bed, ss) = Nested(CachePolicy.None);
        Assert.Equal(Old, bed.Translate(Device, 0x1000, pasid: Pasid).OutputAddress);
        ss.Map(OutputGpa, New, 0x1000, IommuProt.Read | IommuProt.Write);
        Assert.Equal(New, bed.Translate(Device, 0x1000, pasid: Pasid).OutputAddress);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nested_translation_with_tracing_off_allocates_nothing(bool bounded)
    {
        // No IOTLB: every request walks both stages. Bounded(16): the walk hits and refills a small cache.
        var (bed, _) = Nested(bounded ? CachePolicy.Bounded(16) : CachePolicy.None);
        var request = new VtdRequest(Device, 0x1000, AccessKind.Write, Pasid);
        var vtd = bed.Vtd;
        Assert.Equal(Old, vtd.Translate(in request).OutputAddress);
        var bytes = AllocationProbe.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                vtd.Translate(in request);
            }
        });
        Assert.Equal(0, bytes);
    }
}
