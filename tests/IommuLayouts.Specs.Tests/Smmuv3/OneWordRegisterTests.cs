using System;
using IommuLayouts.Specs.Smmuv3;
using IommuLayouts.Specs.Vmsa;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// The one-word constructor and <c>Word</c> on registers and descriptors, with bit positions from Linux
/// drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h and drivers/iommu/io-pgtable-arm.c (named at each value).
/// </summary>
public sealed class OneWordRegisterTests
{
    private static bool SmmuEnabled(in Cr0 cr0) => cr0.SMMUEN;

    [Fact]
    public void Cr0_from_the_word_the_driver_writes()
    {
        // arm_smmu_device_reset: CR0_SMMUEN (bit 0) | CR0_EVTQEN (bit 2) | CR0_CMDQEN (bit 3).
        var cr0 = new Cr0(1UL << 0 | 1UL << 2 | 1UL << 3);

        Assert.True(SmmuEnabled(cr0));
        Assert.True(cr0.EVTQEN);
        Assert.True(cr0.CMDQEN);
        Assert.False(cr0.PRIQEN);
        Assert.Equal(0xDUL, new Cr0 { SMMUEN = true, EVTQEN = true, CMDQEN = true }.Word);
    }

    [Fact]
    public void A_32_bit_register_refuses_a_word_wider_than_itself() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Cr0(1UL << 32));

    [Fact]
    public void Strtab_base_cfg_word_round_trips()
    {
        // STRTAB_BASE_CFG_FMT GENMASK(17, 16) = 2LVL (1), STRTAB_BASE_CFG_SPLIT GENMASK(10, 6) = 8, STRTAB_BASE_CFG_LOG2SIZE GENMASK(5, 0) = 16.
        const ulong word = 1UL << 16 | 8UL << 6 | 16UL;
        var cfg = new StrtabBaseCfg(word);

        Assert.Equal(StreamTableFormat.TwoLevel, cfg.FMT);
        Assert.Equal(8, cfg.SPLIT);
        Assert.Equal(16, cfg.LOG2SIZE);
        Assert.Equal(word, cfg.Word);
    }

    [Fact]
    public void A_vmsa_descriptor_word_is_the_table_entry()
    {
        // io-pgtable-arm.c: ARM_LPAE_PTE_TYPE_TABLE (3) | table address 0x8_1234_5000 (ARM_LPAE_PTE_ADDR_MASK 47:12).
        const ulong entry = 0x0000_0008_1234_5000UL | 3;
        var table = new S1TableDescriptor(entry);

        Assert.True(table.Valid);
        Assert.Equal(entry, table.Word);
        Assert.Equal(0x0000_0008_1234_5000UL, table.GetNextTableAddress(12));
    }
}
