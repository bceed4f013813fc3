using IommuLayouts.Specs.Vmsa;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vmsa;

/// <summary>
/// Descriptors as Linux drivers/iommu/io-pgtable-arm.c builds them. Each expected value is written from the
/// macros named in its comment (arm_lpae_prot_to_pte, __arm_lpae_init_pte, arm_lpae_install_table,
/// paddr_to_iopte), not from the code under test.
/// </summary>
public class VmsaDescriptorGoldenTests
{
    // Stage-1 4K page, prot = IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE (not IOMMU_PRIV), paddr 0x8_1234_5000:
    // ARM_LPAE_PTE_nG (1<<11) | ARM_LPAE_PTE_AP_UNPRIV (1<<6) | ARM_LPAE_MAIR_ATTR_IDX_CACHE (1) << ATTRINDX_SHIFT (2)
    // | ARM_LPAE_PTE_SH_IS (3<<8) | ARM_LPAE_PTE_AF (1<<10) | ARM_LPAE_PTE_TYPE_PAGE (3) | paddr.
    private const ulong S1PageRwCache = 0x0000_0008_1234_5000UL | 0x800 | 0x40 | 0x4 | 0x300 | 0x400 | 0x3;

    // Stage-1 2M block at level 2, prot = IOMMU_READ | IOMMU_NOEXEC, paddr 0x4020_0000:
    // nG | ARM_LPAE_PTE_AP_RDONLY (2<<6) | AP_UNPRIV | ARM_LPAE_PTE_SH_OS (2<<8) | ARM_LPAE_PTE_XN (3<<53)
    // | AF | ARM_LPAE_PTE_TYPE_BLOCK (1) | paddr.
    private const ulong S1BlockRoNoExec = 0x4020_0000UL | 0x800 | 0x80 | 0x40 | 0x200 | (3UL << 53) | 0x400 | 0x1;

    // arm_lpae_install_table with IO_PGTABLE_QUIRK_ARM_NS: paddr_to_iopte(table) | ARM_LPAE_PTE_TYPE_TABLE | ARM_LPAE_PTE_NSTABLE.
    private const ulong S1TableNs = 0x0000_00AB_CDEF_1000UL | 0x3 | (1UL << 63);

    // Stage-2 4K page, prot = IOMMU_READ | IOMMU_WRITE | IOMMU_CACHE, paddr 0x9_8765_4000:
    // ARM_LPAE_PTE_HAP_READ (1<<6) | ARM_LPAE_PTE_HAP_WRITE (2<<6) | ARM_LPAE_PTE_MEMATTR_OIWB (0xf<<2)
    // | SH_IS | AF | TYPE_PAGE.
    private const ulong S2PageRwCache = 0x0000_0009_8765_4000UL | 0x40 | 0x80 | 0x3C | 0x300 | 0x400 | 0x3;

    // Stage-2 1G block at level 1, prot = IOMMU_READ | IOMMU_MMIO, paddr 0x80_4000_0000:
    // HAP_READ | ARM_LPAE_PTE_MEMATTR_DEV (0x1<<2) | SH_OS | AF | TYPE_BLOCK.
    private const ulong S2BlockMmioRead = 0x0000_0080_4000_0000UL | 0x40 | 0x4 | 0x200 | 0x400 | 0x1;

    [Fact]
    public void Linux_stage1_read_write_cacheable_page_decodes_field_by_field()
    {
        var d = new S1LeafDescriptor(S1PageRwCache);
        Assert.True(d.Valid);
        Assert.True(d.Page);
        Assert.Equal(1, d.AttrIndx);
        Assert.False(d.NS);
        Assert.True(d.ApUnprivileged);
        Assert.False(d.ApReadOnly);
        Assert.Equal(Shareability.InnerShareable, d.SH);
        Assert.True(d.AF);
        Assert.True(d.NG);
        Assert.Equal(0x8_1234_5000UL, d.OutputAddress);
        Assert.False(d.PXN);
        Assert.False(d.UXN);
        Assert.True(d.Validate().IsValid);
    }

    [Fact]
    public void Stage1_page_built_from_fields_equals_linux_value()
    {
        var d = new S1LeafDescriptor
        {
            Valid = true, Page = true, AttrIndx = 1, ApUnprivileged = true, SH = Shareability.InnerShareable,
            AF = true, NG = true, OutputAddress = 0x8_1234_5000UL,
        };
        Assert.Equal(S1PageRwCache, d.Word);
    }

    [Fact]
    public void Linux_stage1_read_only_noexec_block_sets_both_execute_never_bits()
    {
        var d = new S1LeafDescriptor(S1BlockRoNoExec);
        Assert.True(d.Valid);
        Assert.False(d.Page);
        Assert.True(d.ApReadOnly);
        Assert.True(d.ApUnprivileged);
        Assert.Equal(Shareability.OuterShareable, d.SH);
        Assert.True(d.PXN);
        Assert.True(d.UXN);
        Assert.Equal(0x4020_0000UL, d.OutputAddress);
        Assert.True(d.Validate().IsValid);
    }

    [Fact]
    public void Linux_ns_table_descriptor_decodes_table_address_and_nstable()
    {
        var d = new S1TableDescriptor(S1TableNs);
        Assert.True(d.Valid);
        Assert.True(d.Table);
        Assert.True(d.NsTable);
        Assert.False(d.ApTableReadOnly);
        Assert.Equal(0xAB_CDEF_1000UL, d.NextTableAddress);
        Assert.True(d.Validate().IsValid);
    }

    [Fact]
    public void Stage1_table_hierarchical_bits_sit_at_pgtable_hwdef_positions()
    {
        // pgtable-hwdef.h: PMD_TABLE_PXN bit 59, PMD_TABLE_UXN bit 60, S1_TABLE_AP bits 62:61.
        var d = new S1TableDescriptor { PxnTable = true, UxnTable = true, ApTableNoUnprivileged = true, ApTableReadOnly = true };
        Assert.Equal((1UL << 59) | (1UL << 60) | (3UL << 61), d.Word);
    }

    [Fact]
    public void Linux_stage2_read_write_cacheable_page_decodes_field_by_field()
    {
        var d = new S2LeafDescriptor(S2PageRwCache);
        Assert.True(d.Valid);
        Assert.True(d.Page);
        Assert.Equal(0xF, d.MemAttr);
        Assert.True(d.S2ApRead);
        Assert.True(d.S2ApWrite);
        Assert.Equal(Shareability.InnerShareable, d.SH);
        Assert.True(d.AF);
        Assert.Equal(0x9_8765_4000UL, d.OutputAddress);
        Assert.Equal(0, d.XN);
        Assert.True(d.Validate().IsValid);
    }

    [Fact]
    public void Linux_stage2_mmio_block_has_device_memattr_and_read_only_access()
    {
        var d = new S2LeafDescriptor(S2BlockMmioRead);
        Assert.False(d.Page);
        Assert.Equal(0x1, d.MemAttr);
        Assert.True(d.S2ApRead);
        Assert.False(d.S2ApWrite);
        Assert.Equal(Shareability.OuterShareable, d.SH);
        Assert.Equal(0x80_4000_0000UL, d.OutputAddress);
    }

    [Fact]
    public void Linux_stage2_noexec_sets_xn_field_to_three()
    {
        // ARM_LPAE_PTE_XN is 3 << 53 for both stages.
        var d = new S2LeafDescriptor(S2PageRwCache | (3UL << 53));
        Assert.Equal(3, d.XN);
        Assert.True(d.Validate().IsValid);
    }

    [Fact]
    public void Stage2_table_descriptor_is_linux_install_table_value()
    {
        // arm_lpae_install_table without quirks: paddr_to_iopte(table) | ARM_LPAE_PTE_TYPE_TABLE.
        var d = new S2TableDescriptor { Valid = true, Table = true, NextTableAddress = 0x1234_5000UL };
        Assert.Equal(0x1234_5003UL, d.Word);
    }

    [Fact]
    public void Sixty_four_k_granule_stores_address_bits_51_48_in_descriptor_bits_15_12()
    {
        // Linux paddr_to_iopte: (pa | pa >> 36) & GENMASK(47, 12); for pa = 0xF_0000_1234_0000 that is 0x1234_F000.
        const ulong pa = 0x000F_0000_1234_0000UL;
        Assert.Equal(0x1234_F000UL, VmsaAddress.Encode(pa, 16));
        var d = new S1LeafDescriptor(0x1234_F000UL | 0x3);
        Assert.Equal(pa, d.GetOutputAddress(16));
        // The same bits read with a 4K granule are just address bits 15:12.
        Assert.Equal(0x1234_F000UL, d.GetOutputAddress(12));
    }

    [Fact]
    public void Software_bits_55_to_58_are_ignored_not_res0()
    {
        // Linux ARM_LPAE_PTE_SW_SYNC is bit 55, a software bit the hardware ignores.
        Assert.True(new S1LeafDescriptor(S1PageRwCache | (0xFUL << 55)).Validate().IsValid);
        Assert.True(new S2LeafDescriptor(S2PageRwCache | (0xFUL << 55)).Validate().IsValid);
        Assert.True(new S1TableDescriptor(S1TableNs | (0x7FUL << 52)).Validate().IsValid);
    }

    [Fact]
    public void Bits_48_and_49_are_res0_in_every_format()
    {
        Assert.True(new S1LeafDescriptor(S1PageRwCache | (1UL << 48)).Validate().Contains("RES0"));
        Assert.True(new S2LeafDescriptor(S2PageRwCache | (1UL << 49)).Validate().Contains("RES0"));
        Assert.True(new S1TableDescriptor(S1TableNs | (1UL << 48)).Validate().Contains("RES0"));
        Assert.True(new S2TableDescriptor(0x1003UL | (1UL << 49)).Validate().Contains("RES0"));
    }

    [Fact]
    public void Stage2_has_no_hierarchical_attributes_and_no_ng()
    {
        // Stage-2 table bits 63:59 and stage-2 leaf bit 11 are RES0.
        Assert.True(new S2TableDescriptor(0x1003UL | (1UL << 63)).Validate().Contains("RES0"));
        Assert.True(new S2LeafDescriptor(S2PageRwCache | (1UL << 11)).Validate().Contains("RES0"));
    }

    [Fact]
    public void Reserved_shareability_encoding_is_reported()
    {
        Assert.True(new S1LeafDescriptor(0x1003UL | (1UL << 8)).Validate().Contains("ENUM"));
    }

    [Fact]
    public void Catalog_lists_the_four_vmsa_formats()
    {
        var names = new System.Collections.Generic.HashSet<string>();
        foreach (var l in IommuLayouts.Specs.BitLayoutCatalog.Layouts)
        {
            names.Add(l.Name);
        }

        Assert.Contains("vmsa64.s1.table", names);
        Assert.Contains("vmsa64.s1.leaf", names);
        Assert.Contains("vmsa64.s2.table", names);
        Assert.Contains("vmsa64.s2.leaf", names);
    }
}
