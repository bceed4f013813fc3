using System.Threading;
using System.Threading.Tasks;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>Translations on several threads while the guest remaps and invalidates through the queue.</summary>
public sealed class VtdConcurrencyTests
{
    [Fact]
    public async Task Translations_see_the_old_or_the_new_mapping_and_the_new_one_after_invalidation()
    {
        var device = VtdTestBed.Sid(0, 3, 0);
        var bed = new VtdTestBed(scalable: false, caches: new VtdCacheOptions { Iotlb = CachePolicy.Bounded(64) });
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        tables.Map(0, 0x5000_0000, 0x10_0000, IommuProt.Read | IommuProt.Write);
        bed.LegacyContext(device, tables.RootAddress, 4, did: 1);
        bed.Enable();
        bed.EnableQueue(wide: false);

        using var stop = new CancellationTokenSource();
        var bad = 0;
        var readers = new Task[3];
        for (var r = 0; r < readers.Length; r++)
        {
            var seed = r;
            readers[r] = Task.Run(() =>
            {
                var page = (ulong)seed;
                while (!stop.IsCancellationRequested)
                {
                    page = (page * 7 + 3) & 0xFF;
                    var t = bed.Vtd.Translate(new VtdRequest(device, page << 12, AccessKind.Read));
                    var output = t.OutputAddress - (page << 12);
                    if (!t.IsTranslated || (output != 0x5000_0000 && output != 0x6000_0000))
                    {
                        Interlocked.Increment(ref bad);
                    }
                }
            });
        }

        var iotlbGlobal = new IotlbInvalidateDescriptor { TypeLow = 2, Granularity = IotlbGranularity.Global };
        for (var round = 0; round < 40; round++)
        {
            var target = round % 2 == 0 ? 0x6000_0000UL : 0x5000_0000UL;
            tables.Map(0, target, 0x10_0000, IommuProt.Read | IommuProt.Write);
            bed.Submit([iotlbGlobal.GetWord(0), iotlbGlobal.GetWord(1)]);
            for (var page = 0UL; page < 0x100; page += 17)
            {
                Assert.Equal(target + (page << 12), bed.Translate(device, page << 12).OutputAddress);
            }
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Equal(0, bad);
    }

    [Fact]
    public void Iotlb_hit_allocates_nothing()
    {
        var bed = VtdTestBed.FirstStagePage();
        var request = new VtdRequest(VtdTestBed.Device, 0x1234, AccessKind.Write, 5);
        Assert.True(bed.Vtd.Translate(request).IsTranslated);

        Assert.Equal(0, AllocationProbe.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                bed.Vtd.Translate(request);
            }
        }));
    }

    [Fact]
    public void Uncached_walks_allocate_nothing()
    {
        var bed = VtdTestBed.LegacySecondStagePage(new VtdCacheOptions { Iotlb = CachePolicy.None });
        var request = new VtdRequest(VtdTestBed.Device, 0x1234, AccessKind.Read);
        Assert.True(bed.Vtd.Translate(request).IsTranslated);

        Assert.Equal(0, AllocationProbe.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                bed.Vtd.Translate(request);
            }
        }));
    }
}
