using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// A write through an IOTLB entry cached by a read must still set D in the first-stage leaf (Linux dirty tracking
/// reads DMA_FL_PTE_DIRTY after DMA): the cached entry remembers whether D was set, and a write through a clean
/// entry walks again.
/// </summary>
public sealed class DirtyTrackingTests
{
    [Fact]
    public void Write_after_a_cached_read_sets_dirty()
    {
        var device = VtdTestBed.Sid(0, 3, 0);
        var bed = new VtdTestBed(scalable: true, caches: new VtdCacheOptions { Iotlb = CachePolicy.Unbounded });
        var tables = bed.Tables(VtdTableFormat.FirstStage, 4);
        tables.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.ScalableContext(device);
        bed.SetPasidEntry(device, 5, VtdTestBed.FirstStageEntry(tables.RootAddress, 4, did: 1));
        bed.Enable();
        var leaf = tables.FindEntryAddress(0x1000, 1)!.Value;

        Assert.True(bed.Translate(device, 0x1000, AccessKind.Read, 5).IsTranslated);
        Assert.Equal(1, bed.Vtd.IotlbCount);
        Assert.True(bed.Memory.TryReadUInt64(leaf, out var afterRead));
        Assert.Equal(0UL, afterRead & (1UL << 6));

        Assert.True(bed.Translate(device, 0x1000, AccessKind.Write, 5).IsTranslated);
        Assert.True(bed.Memory.TryReadUInt64(leaf, out var afterWrite));
        Assert.Equal(1UL << 6, afterWrite & (1UL << 6));
    }
}
