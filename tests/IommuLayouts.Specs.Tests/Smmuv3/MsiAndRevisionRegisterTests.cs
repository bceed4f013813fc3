using IommuLayouts.Specs.Smmuv3;
using IommuLayouts.Specs.Vmsa;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// Golden values for the IRQ_CFG0/IRQ_CFG2 and AIDR layouts and the event-record and VA helpers the emulator reads
/// through, from Linux drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h (MSI_CFG0_ADDR_MASK GENMASK_ULL(51, 2),
/// MSI_CFG2_SH GENMASK(5, 4), MSI_CFG2_MEMATTR GENMASK(3, 0), EVTQ_3_IPA GENMASK_ULL(51, 12),
/// EVTQ_3_FETCH_ADDR GENMASK_ULL(51, 3)) and Arm IHI 0070 SMMU_AIDR.
/// </summary>
public sealed class MsiAndRevisionRegisterTests
{
    [Fact]
    public void Irq_cfg0_keeps_address_bits_51_to_2()
    {
        // Linux arm_smmu_write_msi_msg: doorbell &= MSI_CFG0_ADDR_MASK (51:2).
        const ulong doorbell = 0x0000_0008_0804_0040UL;
        var cfg0 = Entry.From<IrqCfg0>(doorbell);
        Assert.Equal(doorbell, cfg0.ADDR);
        Assert.True(cfg0.Validate().IsValid);
        Entry.AssertWords(new IrqCfg0 { ADDR = doorbell }, doorbell);

        // Bits 1:0 and 63:52 are RES0.
        Assert.False(Entry.From<IrqCfg0>(doorbell | 0x3).Validate().IsValid);
        Assert.False(Entry.From<IrqCfg0>(doorbell | 1UL << 52).Validate().IsValid);
    }

    [Fact]
    public void Irq_cfg2_memattr_and_sh()
    {
        // Linux writes ARM_SMMU_MEMATTR_DEVICE_nGnRE (0x1) in MSI_CFG2_MEMATTR (3:0); MSI_CFG2_SH (5:4) ISH = 3.
        Entry.AssertWords(new IrqCfg2 { MemAttr = 1 }, 0x1UL);
        Entry.AssertWords(new IrqCfg2 { MemAttr = 0xF, SH = 3 }, 0x3FUL);
        Assert.False(Entry.From<IrqCfg2>(1UL << 6).Validate().IsValid);
    }

    [Fact]
    public void Aidr_of_smmuv3_2()
    {
        // Arm IHI 0070 SMMU_AIDR: ArchMinorRev 3:0, ArchMajorRev 7:4; SMMUv3.2 reads 0x02.
        var aidr = Entry.From<Aidr>(0x02);
        Assert.Equal(0, aidr.ArchMajorRev);
        Assert.Equal(2, aidr.ArchMinorRev);
        Entry.AssertWords(new Aidr { ArchMajorRev = 1, ArchMinorRev = 3 }, 0x13UL);
    }

    [Fact]
    public void Event_record_takes_ipa_bits_51_to_12_and_fetch_address_bits_51_to_3()
    {
        // EVTQ_3_IPA GENMASK_ULL(51, 12) and EVTQ_3_FETCH_ADDR GENMASK_ULL(51, 3), both in dword 3.
        var e = default(EventRecord);
        e.RecordIpa(0xFFF0_0012_3456_7ABCUL);
        Assert.Equal(0x0000_0012_3456_7000UL, e.Ipa);
        Assert.Equal(0x0000_0012_3456_7000UL, e.GetWord(3));

        e = default;
        e.RecordFetchAddress(0x0000_0000_4E17_9047UL);
        Assert.Equal(0x0000_0000_4E17_9040UL, e.FetchAddr);
    }

    [Theory]
    // Arm ARM AArch64 AddrTop: with TBI, bits 63:56 are a tag; bit 55 selects TTBR1 and is copied up.
    [InlineData(0x0000_0080_8060_4567UL, false, 0x0000_0080_8060_4567UL)]
    [InlineData(0x5A00_0080_8060_4567UL, false, 0x0000_0080_8060_4567UL)]
    [InlineData(0x00FF_FFFF_0000_1000UL, true, 0xFFFF_FFFF_0000_1000UL)]
    [InlineData(0xFF80_0000_0000_0000UL, true, 0xFF80_0000_0000_0000UL)]
    public void Va_bit_55_selects_the_upper_range_and_untags(ulong va, bool upper, ulong untagged)
    {
        Assert.Equal(upper, VmsaAddress.IsUpperRange(va));
        Assert.Equal(untagged, VmsaAddress.WithoutTag(va));
    }
}
