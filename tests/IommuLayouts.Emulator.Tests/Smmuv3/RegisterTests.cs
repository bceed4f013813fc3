using System;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using Xunit;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>The register file: IDR values, the CR0/CR0ACK and GBPA handshakes, GERROR/GERRORN, page 1, access widths.</summary>
public class RegisterTests
{
    [Fact]
    public void Default_idrs_advertise_every_implemented_feature()
    {
        var bed = new Smmuv3TestBed(enable: false);

        // Linux arm-smmu-v3.h: IDR0_S2P BIT(0), IDR0_S1P BIT(1), IDR0_TTF GENMASK(3,2) (AArch64 = 2), IDR0_COHACC BIT(4),
        // IDR0_ATS BIT(10), IDR0_ASID16 BIT(12), IDR0_MSI BIT(13), IDR0_SEV BIT(14), IDR0_VMID16 BIT(18), IDR0_CD2L BIT(19),
        // IDR0_TTENDIAN GENMASK(22,21) (LE = 2), IDR0_STALL_MODEL GENMASK(25,24) (1: no stall), TERM_MODEL BIT(26) (QEMU),
        // IDR0_ST_LVL GENMASK(28,27) (2-level = 1), IDR0_HTTU GENMASK(7,6) (IDR0_HTTU_ACCESS_DIRTY = 2).
        const uint idr0 = 1 | 2 | (2 << 2) | (1 << 4) | (2 << 6) | (1 << 10) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 18) | (1 << 19) | (2 << 21) | (1 << 24) | (1 << 26) | (1 << 27);
        Assert.Equal(idr0, bed.R32(R.Idr0));

        // IDR1_SIDSIZE GENMASK(5,0), IDR1_SSIDSIZE GENMASK(10,6), IDR1_EVTQS GENMASK(20,16), IDR1_CMDQS GENMASK(25,21).
        Assert.Equal(16u | (20u << 6) | (19u << 16) | (19u << 21), bed.R32(R.Idr1));

        // IDR3_RIL BIT(10); QEMU IDR3 HAD BIT(2), XNX BIT(4); Linux IDR3_FWB BIT(8).
        Assert.Equal((1u << 2) | (1u << 4) | (1u << 8) | (1u << 10), bed.R32(R.Idr3));

        // IDR5_OAS GENMASK(2,0) (48 bits = 5), IDR5_GRAN4K BIT(4), GRAN16K BIT(5), GRAN64K BIT(6).
        Assert.Equal(5u | (1u << 4) | (1u << 5) | (1u << 6), bed.R32(R.Idr5));
    }

    [Fact]
    public void Capabilities_change_the_idrs()
    {
        var caps = Smmuv3Capabilities.Default with { Stage2 = false, TwoLevelStreamTable = false, OutputAddressBits = 44, Granule16K = false, StreamIdBits = 8 };
        var bed = new Smmuv3TestBed(caps, enable: false);
        Assert.Equal(0u, bed.R32(R.Idr0) & 1);          // S2P
        Assert.Equal(0u, (bed.R32(R.Idr0) >> 27) & 3);  // ST_LEVEL
        Assert.Equal(4u, bed.R32(R.Idr5) & 7);          // OAS 44 = 4
        Assert.Equal(0u, bed.R32(R.Idr5) & (1 << 5));   // GRAN16K
        Assert.Equal(8u, bed.R32(R.Idr1) & 0x3F);
    }

    [Fact]
    public void Cr0ack_follows_cr0_at_once()
    {
        var bed = new Smmuv3TestBed(enable: false);
        bed.W32(R.Cr0, 0xD);
        Assert.Equal(0xDu, bed.R32(R.Cr0Ack)); // Linux arm_smmu_write_reg_sync polls CR0ACK == CR0
        bed.W32(R.Cr0, 0x8);
        Assert.Equal(0x8u, bed.R32(R.Cr0Ack));
    }

    [Fact]
    public void Gbpa_changes_only_with_update_and_update_reads_back_zero()
    {
        var bed = new Smmuv3TestBed(enable: false);
        Assert.Equal(Smmuv3Outcome.Bypassed, bed.Read(1, 0x1234).Outcome);
        Assert.Equal(0x1234UL, bed.Read(1, 0x1234).OutputAddress);

        bed.W32(R.Gbpa, 1u << 20); // ABORT without UPDATE: ignored (QEMU smmu_writel A_GBPA)
        Assert.Equal(Smmuv3Outcome.Bypassed, bed.Read(1, 0x1234).Outcome);

        bed.W32(R.Gbpa, (1u << 31) | (1u << 20));
        Assert.Equal(1u << 20, bed.R32(R.Gbpa)); // UPDATE clear: the update is complete
        Assert.Equal(Smmuv3Outcome.Aborted, bed.Read(1, 0x1234).Outcome);
    }

    [Fact]
    public void Page1_aliases_the_event_queue_pointers()
    {
        var bed = new Smmuv3TestBed();
        bed.W32(R.Cr0, 0x9); // EVTQEN off: PROD is writable
        bed.W32(R.Page1EventqProd, 3);
        bed.W32(R.Page1EventqCons, 2);
        Assert.Equal(3u, bed.R32(R.EventqProd));
        Assert.Equal(2u, bed.R32(R.EventqCons));
        Assert.Equal(3u, bed.R32(R.Page1EventqProd));
    }

    [Fact]
    public void Sixty_four_bit_registers_take_32_bit_halves_and_register_pairs_take_64_bit_writes()
    {
        var bed = new Smmuv3TestBed(enable: false);
        bed.W32(R.StrtabBase, 0x4E17_9000);
        bed.W32(R.StrtabBase + 4, 0x4000_0001); // RA (bit 62) and address bit 32
        Assert.Equal(0x4000_0001_4E17_9000UL, bed.Smmu.ReadRegister(R.StrtabBase, 64));

        bed.W64(R.CmdqProd, 0x0000_0005_0000_0004UL); // CMDQ_PROD and CMDQ_CONS in one access (queue disabled)
        Assert.Equal(4u, bed.R32(R.CmdqProd));
        Assert.Equal(5u, bed.R32(R.CmdqCons));
    }

    [Fact]
    public void Stream_table_base_is_read_only_while_the_smmu_is_enabled()
    {
        var bed = new Smmuv3TestBed();
        bed.W64(R.StrtabBase, 0x1000);
        Assert.Equal(Smmuv3TestBed.StreamTable, bed.Smmu.ReadRegister(R.StrtabBase, 64));
    }

    [Fact]
    public void Unknown_offsets_report_no_register_and_misuse_throws()
    {
        var bed = new Smmuv3TestBed(enable: false);
        Assert.False(bed.Smmu.WriteRegister(0x300, 1, 32));
        Assert.Equal(0UL, bed.Smmu.ReadRegister(0x300, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => bed.Smmu.ReadRegister(0x22, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => bed.Smmu.WriteRegister(0x20, 1, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => bed.Smmu.ReadRegister(0x20000, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Smmuv3Request(1, 0, (AccessKind)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Smmuv3Device(bed.Memory, Smmuv3Capabilities.Default with { OutputAddressBits = 50 }));
    }
}
