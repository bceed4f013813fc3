using System;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vmsa;
using Xunit;

namespace IommuLayouts.Emulator.Tests.PageTables;

/// <summary>
/// The builder's output checked descriptor by descriptor against Linux io-pgtable-arm.c (arm_lpae_prot_to_pte,
/// __arm_lpae_init_pte, arm_lpae_install_table): expected values are written from those macros.
/// </summary>
public class PageTableBuilderTests
{
    private readonly SparseGuestMemory _memory = new();

    private Vmsa64PageTableBuilder Builder(TranslationStage stage, TranslationGranule granule = TranslationGranule.Size4K, int inputSize = 48, int? startLevel = null) =>
        new(_memory, new BumpTableAllocator(_memory, 0x100_0000, 0x200_0000), stage, granule, inputSize, startLevel);

    private ulong Read(ulong address)
    {
        Assert.True(_memory.TryReadUInt64(address, out var v));
        return v;
    }

    [Fact]
    public void Stage1_page_descriptor_matches_linux_prot_to_pte()
    {
        var b = Builder(TranslationStage.Stage1);
        b.Map(0x1234_5000, 0x8_1234_5000, 0x1000, IommuProt.Read | IommuProt.Write | IommuProt.Cache);

        // nG | AP_UNPRIV | IDX_CACHE << 2 | SH_IS | AF | TYPE_PAGE | paddr
        Assert.Equal(0x8_1234_5000UL | 0x800 | 0x40 | 0x4 | 0x300 | 0x400 | 0x3, Read(b.FindDescriptorAddress(0x1234_5000, 3)!.Value));
    }

    [Fact]
    public void Table_descriptors_are_address_and_type_table_only()
    {
        var b = Builder(TranslationStage.Stage1);
        b.Map(0x1234_5000, 0x8_1234_5000, 0x1000, IommuProt.Read);
        var l0 = Read(b.FindDescriptorAddress(0x1234_5000, 0)!.Value);
        Assert.Equal(3UL, l0 & 0xFFF);
        Assert.Equal(0UL, l0 >> 48);

        // The level-1 descriptor lives in the table the level-0 descriptor points at, at index VA[38:30].
        Assert.Equal((l0 & 0xFFFF_FFFF_F000UL) + (((0x1234_5000UL >> 30) & 0x1FF) * 8), b.FindDescriptorAddress(0x1234_5000, 1));
    }

    [Fact]
    public void Aligned_range_uses_the_largest_block_when_allowed()
    {
        var b = Builder(TranslationStage.Stage2);
        b.Map(0x4000_0000, 0x80_4000_0000, 0x4000_0000, IommuProt.Read | IommuProt.Mmio);

        // HAP_READ | MEMATTR_DEV | SH_OS | AF | TYPE_BLOCK | paddr, at level 1.
        Assert.Equal(0x80_4000_0000UL | 0x40 | 0x4 | 0x200 | 0x400 | 0x1, Read(b.FindDescriptorAddress(0x4000_0000, 1)!.Value));
        Assert.Null(b.FindDescriptorAddress(0x4000_0000, 2));
    }

    [Fact]
    public void Without_blocks_a_range_is_mapped_page_by_page()
    {
        var b = Builder(TranslationStage.Stage1, TranslationGranule.Size16K);
        b.Map(0x200_0000, 0x400_0000, 0x200_0000, IommuProt.Read, useBlocks: false);
        var last = Read(b.FindDescriptorAddress(0x3FF_C000, 3)!.Value);
        Assert.Equal(0x5FF_C000UL, last & 0xFFFF_FFFF_C000UL);
        Assert.Equal(3UL, last & 3);
    }

    [Fact]
    public void Sixty_four_k_output_address_above_48_bits_is_rotated_into_bits_15_12()
    {
        var b = Builder(TranslationStage.Stage1, TranslationGranule.Size64K);
        b.Map(0x1_0000, 0x000F_0000_1234_0000, 0x1_0000, IommuProt.Read);

        // Linux paddr_to_iopte: (pa | pa >> 36) & GENMASK(47, 12).
        Assert.Equal(0x1234_F000UL, Read(b.FindDescriptorAddress(0x1_0000, 3)!.Value) & 0xFFFF_FFFF_F000UL);
    }

    [Fact]
    public void Concatenated_stage2_root_is_allocated_whole_and_aligned()
    {
        var b = Builder(TranslationStage.Stage2, TranslationGranule.Size4K, inputSize: 43, startLevel: 1);

        // 43-bit IPA at level 1: 13 index bits, 16 concatenated 4 KiB tables = 64 KiB aligned to 64 KiB.
        Assert.Equal(0UL, b.RootAddress & 0xFFFF);
        Assert.Equal(16, b.CreateStage2Config().ConcatenatedTables);
        b.Map(0x7FF_FFFF_F000, 0x1000, 0x1000, IommuProt.Read);
        Assert.Equal(b.RootAddress + (0x1FFFUL * 8), b.FindDescriptorAddress(0x7FF_FFFF_F000, 1));
    }

    [Fact]
    public void Mapping_twice_or_inside_a_block_is_refused()
    {
        var b = Builder(TranslationStage.Stage1);
        b.Map(0x20_0000, 0x20_0000, 0x20_0000, IommuProt.Read);
        Assert.Throws<InvalidOperationException>(() => b.Map(0x20_0000, 0x40_0000, 0x20_0000, IommuProt.Read));
        Assert.Throws<InvalidOperationException>(() => b.Map(0x21_0000, 0x40_0000, 0x1000, IommuProt.Read));
    }

    [Fact]
    public void Unmap_invalidates_the_leaf()
    {
        var b = Builder(TranslationStage.Stage1);
        b.Map(0x5000, 0x9000, 0x1000, IommuProt.Read);
        b.Unmap(0x5000);
        Assert.Equal(0UL, Read(b.FindDescriptorAddress(0x5000, 3)!.Value));
        Assert.Throws<InvalidOperationException>(() => b.Unmap(0x5000));
    }

    [Fact]
    public void Misuse_throws_argument_exceptions()
    {
        var b = Builder(TranslationStage.Stage1);
        Assert.Throws<ArgumentException>(() => b.Map(0x800, 0x1000, 0x1000, IommuProt.Read));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Map(1UL << 48, 0x1000, 0x1000, IommuProt.Read));
        Assert.Throws<InvalidOperationException>(() => b.Map(0x1000, 0x1000, 0x1000, new S2LeafDescriptor()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Builder(TranslationStage.Stage1, TranslationGranule.Size4K, 48, startLevel: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Builder(TranslationStage.Stage2, TranslationGranule.Size4K, 48, startLevel: 2));
    }

    [Fact]
    public void Exhausted_allocator_throws()
    {
        var m = new SparseGuestMemory();
        var alloc = new BumpTableAllocator(m, 0x1000, 0x3000);
        var b = new Vmsa64PageTableBuilder(m, alloc, TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        Assert.Throws<InvalidOperationException>(() => b.Map(0x1000, 0x1000, 0x1000, IommuProt.Read));
    }
}
