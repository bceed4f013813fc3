using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

/// <summary>
/// Paging entries as QEMU's libqos writes them (tests/qtest/libqos/qos-intel-iommu.c qvtd_setup_translation_tables,
/// patchew-project/qemu at 06bbbc91): second stage uses VTD_SS_R | VTD_SS_W (bits 0, 1) at every level; first stage
/// uses VTD_FS_P | VTD_FS_RW | VTD_FS_US | VTD_FS_A (bits 0, 1, 2, 5) and adds VTD_FS_D (bit 6) in the leaf.
/// Tables at QVTD_PT_L3_BASE = 0x1001_1000, the page at QVTD_PT_VAL = 0x1010_0000.
/// </summary>
public sealed class PageTableEntryGoldenTests
{
    [Theory]
    [InlineData(0x1001_1003UL, 0x1001_1000UL)] // PML4 entry -> PDPT
    [InlineData(0x1010_0003UL, 0x1010_0000UL)] // 4 KiB leaf -> the page
    public void Qemu_libqos_second_stage_entries(ulong word, ulong address)
    {
        var e = SecondStagePageTableEntry.FromWords(new ulong[] { word });
        Assert.True(e.Readable);
        Assert.True(e.Writable);
        Assert.True(e.IsPresent);
        Assert.False(e.Executable);
        Assert.False(e.PageSize);
        Assert.False(e.Snoop);
        Assert.Equal(address, e.Address);
        ViolationAssert.Valid(e.Validate());

        var built = default(SecondStagePageTableEntry);
        built.Address = address;
        built.Readable = true;
        built.Writable = true;
        Assert.Equal(word, built.GetWord(0));
    }

    [Theory]
    [InlineData(0x1001_1027UL, 0x1001_1000UL, false)] // non-leaf: P, RW, US, A
    [InlineData(0x1010_0067UL, 0x1010_0000UL, true)]  // leaf: P, RW, US, A, D
    public void Qemu_libqos_first_stage_entries(ulong word, ulong address, bool dirty)
    {
        var e = FirstStagePageTableEntry.FromWords(new ulong[] { word });
        Assert.True(e.Present);
        Assert.True(e.ReadWrite);
        Assert.True(e.UserSupervisor);
        Assert.True(e.Accessed);
        Assert.Equal(dirty, e.Dirty);
        Assert.False(e.PageSize);
        Assert.False(e.ExecuteDisable);
        Assert.Equal(address, e.Address);
        ViolationAssert.Valid(e.Validate());

        var built = default(FirstStagePageTableEntry);
        built.Address = address;
        built.Present = true;
        built.ReadWrite = true;
        built.UserSupervisor = true;
        built.Accessed = true;
        built.Dirty = dirty;
        Assert.Equal(word, built.GetWord(0));
    }

    [Fact]
    public void Second_stage_leaf_with_snoop_large_page_and_dirty_tracking_bits()
    {
        // Linux DMA_PTE_READ | DMA_PTE_WRITE | DMA_PTE_LARGE_PAGE (bit 7) | DMA_PTE_SNP (bit 11) with A (8) and
        // D (9, DMA_SL_PTE_DIRTY_BIT) set by hardware, mapping the 2 MiB page 0x4020_0000; TM (62) as QEMU VTD_SS_TM.
        const ulong word = 0x4020_0000UL | 1 | 2 | (1UL << 7) | (1UL << 8) | (1UL << 9) | (1UL << 11) | (1UL << 62);
        var e = SecondStagePageTableEntry.FromWords(new ulong[] { word });
        Assert.True(e.PageSize);
        Assert.True(e.Accessed);
        Assert.True(e.Dirty);
        Assert.True(e.Snoop);
        Assert.True(e.TransientMapping);
        Assert.Equal(0x4020_0000UL, e.Address);
    }

    [Fact]
    public void Hardware_ignored_bits_never_fail_validation()
    {
        // Second stage: 10, 52..61, 63 ignored; first stage: 9, 11, 52..62 ignored.
        var ss = SecondStagePageTableEntry.FromWords(new ulong[] { (1UL << 10) | (0x3FFUL << 52) | (1UL << 63) });
        ViolationAssert.Valid(ss.Validate());
        var fs = FirstStagePageTableEntry.FromWords(new ulong[] { (1UL << 9) | (1UL << 11) | (0x7FFUL << 52) });
        ViolationAssert.Valid(fs.Validate());
        Assert.False(fs.ExecuteDisable);
        Assert.Equal(0UL, fs.Address);
    }
}
