using System;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using Xunit;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;
using static IommuLayouts.Emulator.Tests.Walkers.LpaePte;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// HTTU on the SMMU: IDR0.HTTU (Linux arm-smmu-v3.h IDR0_HTTU GENMASK(7, 6), IDR0_HTTU_ACCESS 1, IDR0_HTTU_ACCESS_DIRTY
/// 2) gates CD.HA/HD (CTXDESC_CD_0_TCR_HA BIT(43), _HD BIT(42)) and STE.S2HA/S2HD (QEMU STE_S2HA / STE_S2HD, STE bits 184
/// and 183); descriptor bits as Linux io-pgtable-arm.c (ARM_LPAE_PTE_AF BIT(10), AP_RDONLY BIT(7), DBM BIT(51),
/// HAP_READ 1 &lt;&lt; 6, HAP_WRITE 2 &lt;&lt; 6).
/// </summary>
public sealed class HttuTests
{
    private const uint Sid = 3;
    private const ulong CdTable = 0x4E30_0000;
    private const ulong Va = 0x8080_6000;
    private const ulong Pa = 0x4ECB_A000;
    private const ushort Vmid = 7;

    private static Smmuv3Result Access(Smmuv3TestBed bed, ulong address, AccessKind access) =>
        bed.Smmu.Translate(new Smmuv3Request(Sid, address, access, privileged: true));

    private static (Smmuv3TestBed Bed, Vmsa64PageTableBuilder S1) Stage1(Smmuv3Capabilities? caps, ulong leafBits, bool ha, bool hd)
    {
        var bed = new Smmuv3TestBed(caps);
        var s1 = bed.Stage1Tables();
        s1.MapRaw(Va, Pa, 0x1000, leafBits, useBlocks: false, 0);
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(s1.RootAddress) with { HA = ha, HD = hd });
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable));
        return (bed, s1);
    }

    private static (Smmuv3TestBed Bed, Vmsa64PageTableBuilder S2) Stage2(Smmuv3Capabilities? caps, ulong leafBits, bool ha, bool hd)
    {
        var bed = new Smmuv3TestBed(caps);
        var s2 = bed.Stage2Tables();
        s2.MapRaw(Va, Pa, 0x4000, leafBits, useBlocks: false, 0);
        bed.WriteSte(Sid, Smmuv3TestBed.S2Ste(s2.RootAddress, Vmid) with { S2HA = ha, S2HD = hd });
        return (bed, s2);
    }

    private static ulong Leaf(Smmuv3TestBed bed, Vmsa64PageTableBuilder tables, ulong input) => bed.Read64(tables.FindDescriptorAddress(input, 3)!.Value);

    [Theory]
    [InlineData(0, 0u)]
    [InlineData(1, 1u)]
    [InlineData(2, 2u)]
    public void Idr0_HTTU_reports_the_capability(int httu, uint field)
    {
        var bed = new Smmuv3TestBed(Smmuv3Capabilities.Default with { HardwareTableUpdate = httu }, enable: false);
        Assert.Equal(field, (bed.R32(R.Idr0) >> 6) & 3);
    }

    [Theory]
    [InlineData(0, true, false)]
    [InlineData(0, false, true)]
    [InlineData(1, true, true)]
    public void Cd_asking_for_more_than_HTTU_is_C_BAD_CD(int httu, bool ha, bool hd)
    {
        var (bed, _) = Stage1(Smmuv3Capabilities.Default with { HardwareTableUpdate = httu }, ShIs | Af, ha, hd);
        var r = Access(bed, Va, AccessKind.Read);
        Assert.Equal(EventType.C_BAD_CD, r.EventType);
    }

    [Theory]
    [InlineData(0, true, false)]
    [InlineData(1, true, true)]
    public void Ste_asking_for_more_than_HTTU_is_C_BAD_STE(int httu, bool ha, bool hd)
    {
        var (bed, _) = Stage2(Smmuv3Capabilities.Default with { HardwareTableUpdate = httu }, ShIs | Af | HapRead, ha, hd);
        Assert.Equal(EventType.C_BAD_STE, Access(bed, Va, AccessKind.Read).EventType);
    }

    [Fact]
    public void Cd_HA_with_HTTU_access_only_sets_AF_and_leaves_writable_clean_read_only()
    {
        var (bed, s1) = Stage1(Smmuv3Capabilities.Default with { HardwareTableUpdate = 1 }, ShIs | ApRdonly | Dbm, ha: true, hd: false);
        Assert.True(Access(bed, Va + 4, AccessKind.Read).IsSuccess);
        Assert.Equal(Af, Leaf(bed, s1, Va) & Af);
        Assert.Equal(EventType.F_PERMISSION, Access(bed, Va + 4, AccessKind.Write).EventType);
        Assert.Equal(ApRdonly, Leaf(bed, s1, Va) & ApRdonly);
    }

    [Fact]
    public void Stage1_write_after_a_cached_read_of_writable_clean_walks_again_and_sets_dirty()
    {
        var (bed, s1) = Stage1(null, ShIs | ApRdonly | Dbm, ha: true, hd: true);
        var read = Access(bed, Va + 4, AccessKind.Read);
        Assert.True(read.IsSuccess);
        Assert.Equal(Af | ApRdonly, Leaf(bed, s1, Va) & (Af | ApRdonly));

        // The TLB holds the clean page read-only: the write misses it, walks, and the walk makes the leaf dirty.
        var write = Access(bed, Va + 4, AccessKind.Write);
        Assert.True(write.IsSuccess);
        Assert.Equal(Pa + 4, write.OutputAddress);
        Assert.Equal(Af | Dbm, Leaf(bed, s1, Va) & (Af | ApRdonly | Dbm));
        Assert.Empty(bed.DrainEvents());
    }

    [Fact]
    public void Without_HA_a_clear_access_flag_is_still_F_ACCESS()
    {
        var (bed, _) = Stage1(null, ShIs, ha: false, hd: false);
        Assert.Equal(EventType.F_ACCESS, Access(bed, Va, AccessKind.Read).EventType);
    }

    [Fact]
    public void Stage2_dirty_tracking_cycle_with_the_invalidation_the_clear_needs()
    {
        var (bed, s2) = Stage2(null, ShIs | HapRead | Dbm, ha: true, hd: true);
        Assert.True(Access(bed, Va + 0x1000, AccessKind.Write).IsSuccess);
        Assert.Equal(Af | HapWrite, Leaf(bed, s2, Va + 0x1000) & (Af | HapWrite));

        var config = s2.CreateStage2Config() with { HardwareAccessFlag = true, HardwareDirty = true };
        Span<ulong> bitmap = stackalloc ulong[1];
        Assert.Equal(1, Vmsa64DirtyTracking.ReadAndClearDirty(bed.Memory, in config, Va, 0x4000, 0x1000, bitmap));
        Assert.Equal(0b0010UL, bitmap[0]);

        // Until the VMM invalidates, the TLB still holds the page writable: a write does not reach the tables.
        Assert.True(Access(bed, Va + 0x1000, AccessKind.Write).IsSuccess);
        Assert.Equal(0UL, Leaf(bed, s2, Va + 0x1000) & HapWrite);

        bed.Submit(TlbiS2IpaCommand.Create() with { VMID = Vmid, IPA = Va + 0x1000 });
        bed.Sync();
        Assert.True(Access(bed, Va + 0x1000, AccessKind.Write).IsSuccess);
        Assert.Equal(HapWrite, Leaf(bed, s2, Va + 0x1000) & HapWrite);
    }

    [Fact]
    public void Stage2_read_only_leaf_without_DBM_is_F_PERMISSION_with_S2HD()
    {
        var (bed, s2) = Stage2(null, ShIs | Af | HapRead, ha: true, hd: true);
        var r = Access(bed, Va, AccessKind.Write);
        Assert.Equal(EventType.F_PERMISSION, r.EventType);
        Assert.Equal(0UL, Leaf(bed, s2, Va) & HapWrite);
    }
}
