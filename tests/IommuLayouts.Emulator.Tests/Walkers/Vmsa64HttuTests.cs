using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;
using static IommuLayouts.Emulator.Tests.Walkers.LpaePte;

namespace IommuLayouts.Emulator.Tests.Walkers;

/// <summary>
/// HTTU in the VMSAv8-64 formats (Arm ARM D8.4.2 hardware management of the Access flag and dirty state). Descriptor
/// words are written with Linux's bit positions (drivers/iommu/io-pgtable-arm.c: ARM_LPAE_PTE_AF BIT(10),
/// ARM_LPAE_PTE_AP_RDONLY BIT(7), ARM_LPAE_PTE_AP_UNPRIV BIT(6), ARM_LPAE_PTE_DBM BIT(51), ARM_LPAE_PTE_HAP_READ 1 &lt;&lt; 6,
/// ARM_LPAE_PTE_HAP_WRITE 2 &lt;&lt; 6, ARM_LPAE_PTE_SH_IS 3 &lt;&lt; 8) and the states of iopte_writeable_dirty: writable-clean =
/// AP_RDONLY | DBM, writable-dirty = DBM alone.
/// </summary>
public sealed class Vmsa64HttuTests
{
    private const ulong Va = 0x12_3456_7000;
    private const ulong Pa = 0x8000_0000;
    private const ulong SoftwareBit = 1UL << 56; // io-pgtable-arm.c: bits 55..58 are software bits, ignored by walks

    private readonly SparseGuestMemory _memory = new();
    private readonly Vmsa64PageTableBuilder _s1;
    private readonly Vmsa64PageTableBuilder _s2;

    public Vmsa64HttuTests()
    {
        var allocator = new BumpTableAllocator(_memory, 0x100_0000, 0x200_0000);
        _s1 = new Vmsa64PageTableBuilder(_memory, allocator, TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        _s2 = new Vmsa64PageTableBuilder(_memory, allocator, TranslationStage.Stage2, TranslationGranule.Size4K, 40);
    }

    private ulong Leaf(Vmsa64PageTableBuilder tables, ulong input) => Word(tables.FindDescriptorAddress(input, 3)!.Value);

    private ulong Word(ulong address)
    {
        Assert.True(_memory.TryReadUInt64(address, out var w));
        return w;
    }

    private Stage1Config S1(bool ha, bool hd) => _s1.CreateStage1Config() with { HardwareAccessFlag = ha, HardwareDirty = hd };

    private Stage2Config S2(bool ha, bool hd) => _s2.CreateStage2Config() with { HardwareAccessFlag = ha, HardwareDirty = hd };

    [Fact]
    public void Stage1_access_flag_fault_without_HA()
    {
        _s1.MapRaw(Va, Pa, 0x1000, ShIs, useBlocks: false, 0);
        var r = new PageTableWalker(_memory).WalkStage1(S1(ha: false, hd: false), Va, AccessKind.Read, privileged: true);
        Assert.Equal(WalkFaultKind.AccessFlag, r.Fault);
        Assert.Equal(0UL, Leaf(_s1, Va) & Af);
    }

    [Fact]
    public void Stage1_HA_sets_the_access_flag_instead_of_faulting()
    {
        _s1.MapRaw(Va, Pa, 0x1000, ShIs, useBlocks: false, 0);
        var r = new PageTableWalker(_memory).WalkStage1(S1(ha: true, hd: false), Va + 8, AccessKind.Read, privileged: true);
        Assert.False(r.IsFault);
        Assert.Equal(Pa + 8, r.OutputAddress);
        Assert.Equal(Af, Leaf(_s1, Va) & Af);
    }

    [Fact]
    public void Stage1_HA_does_not_update_a_leaf_the_access_faults_on()
    {
        // Privileged read-only (AP[2:1] = 10), written: the permission fault wins and AF stays clear.
        _s1.MapRaw(Va, Pa, 0x1000, ShIs | ApRdonly, useBlocks: false, 0);
        var r = new PageTableWalker(_memory).WalkStage1(S1(ha: true, hd: true), Va, AccessKind.Write, privileged: true);
        Assert.Equal(WalkFaultKind.Permission, r.Fault);
        Assert.Equal(0UL, Leaf(_s1, Va) & Af);
    }

    [Fact]
    public void Stage1_write_to_writable_clean_with_HD_makes_it_writable_dirty()
    {
        _s1.MapRaw(Va, Pa, 0x1000, ShIs | Af | ApRdonly | Dbm, useBlocks: false, 0);
        var r = new PageTableWalker(_memory).WalkStage1(S1(ha: true, hd: true), Va, AccessKind.Write, privileged: true);
        Assert.False(r.IsFault);
        Assert.True(r.Permissions.Allows(AccessKind.Write, privileged: true));
        Assert.Equal(Dbm, Leaf(_s1, Va) & (Dbm | ApRdonly));
    }

    [Fact]
    public void Stage1_read_of_writable_clean_stays_clean_and_read_only()
    {
        _s1.MapRaw(Va, Pa, 0x1000, ShIs | Af | ApRdonly | Dbm, useBlocks: false, 0);
        var r = new PageTableWalker(_memory).WalkStage1(S1(ha: true, hd: true), Va, AccessKind.Read, privileged: true);
        Assert.False(r.IsFault);
        Assert.False(r.Permissions.Allows(AccessKind.Write, privileged: true));
        Assert.Equal(Dbm | ApRdonly, Leaf(_s1, Va) & (Dbm | ApRdonly));
    }

    [Theory]
    [InlineData(true, false, true)]   // HA without HD: no dirty update, a permission fault
    [InlineData(false, true, true)]   // HD is effective only with HA
    [InlineData(true, true, false)]   // HA + HD: the update
    public void Stage1_dirty_update_needs_HA_and_HD(bool ha, bool hd, bool faults)
    {
        _s1.MapRaw(Va, Pa, 0x1000, ShIs | Af | ApRdonly | Dbm, useBlocks: false, 0);
        var r = new PageTableWalker(_memory).WalkStage1(S1(ha, hd), Va, AccessKind.Write, privileged: true);
        Assert.Equal(faults, r.IsFault);
        Assert.Equal(faults ? Dbm | ApRdonly : Dbm, Leaf(_s1, Va) & (Dbm | ApRdonly));
    }

    [Fact]
    public void Stage1_read_only_without_DBM_is_a_permission_fault_even_with_HD()
    {
        _s1.MapRaw(Va, Pa, 0x1000, ShIs | Af | ApRdonly, useBlocks: false, 0);
        var r = new PageTableWalker(_memory).WalkStage1(S1(ha: true, hd: true), Va, AccessKind.Write, privileged: true);
        Assert.Equal(WalkFaultKind.Permission, r.Fault);
        Assert.Equal(ApRdonly, Leaf(_s1, Va) & ApRdonly);
    }

    [Fact]
    public void Stage1_APTable_read_only_still_refuses_the_write_of_a_writable_clean_leaf()
    {
        // APTable[1] (table descriptor bit 62, arm64 pgtable-hwdef.h S1_TABLE_AP bits 62:61; QEMU PTE_APTABLE)
        // removes write below it: the dirty update would not make the write permitted, so it faults and nothing changes.
        _s1.MapRaw(Va, Pa, 0x1000, ShIs | Af | ApRdonly | Dbm, useBlocks: false, tableAttributes: 1UL << 62);
        var r = new PageTableWalker(_memory).WalkStage1(S1(ha: true, hd: true), Va, AccessKind.Write, privileged: true);
        Assert.Equal(WalkFaultKind.Permission, r.Fault);
        Assert.Equal(Dbm | ApRdonly, Leaf(_s1, Va) & (Dbm | ApRdonly));
    }

    [Fact]
    public void Stage1_unprivileged_write_to_a_privileged_only_writable_clean_leaf_faults()
    {
        _s1.MapRaw(Va, Pa, 0x1000, ShIs | Af | ApRdonly | Dbm, useBlocks: false, 0);
        var r = new PageTableWalker(_memory).WalkStage1(S1(ha: true, hd: true), Va, AccessKind.Write, privileged: false);
        Assert.Equal(WalkFaultKind.Permission, r.Fault);

        _s1.MapRaw(Va + 0x1000, Pa, 0x1000, ShIs | Af | ApRdonly | ApUnpriv | Dbm, useBlocks: false, 0);
        Assert.False(new PageTableWalker(_memory).WalkStage1(S1(ha: true, hd: true), Va + 0x1000, AccessKind.Write, privileged: false).IsFault);
        Assert.Equal(Dbm, Leaf(_s1, Va + 0x1000) & (Dbm | ApRdonly));
    }

    [Fact]
    public void Stage1_update_that_loses_a_race_rereads_and_keeps_the_other_agents_change()
    {
        _s1.MapRaw(Va, Pa, 0x1000, ShIs | ApRdonly | Dbm, useBlocks: false, 0);
        var leaf = _s1.FindDescriptorAddress(Va, 3)!.Value;
        var racing = new UpdateRacingMemory(_memory, leaf, 1, e => e | SoftwareBit);
        var r = new PageTableWalker(racing).WalkStage1(S1(ha: true, hd: true), Va, AccessKind.Write, privileged: true);
        Assert.False(r.IsFault);
        Assert.Equal(2, racing.Exchanges);
        Assert.Equal(Af | Dbm | SoftwareBit, Leaf(_s1, Va) & (Af | Dbm | ApRdonly | SoftwareBit));
    }

    [Fact]
    public void Stage1_update_racing_with_an_unmap_faults_on_the_entry_it_reads_again()
    {
        _s1.MapRaw(Va, Pa, 0x1000, ShIs | ApRdonly | Dbm, useBlocks: false, 0);
        var leaf = _s1.FindDescriptorAddress(Va, 3)!.Value;
        var racing = new UpdateRacingMemory(_memory, leaf, 1, _ => 0);
        var r = new PageTableWalker(racing).WalkStage1(S1(ha: true, hd: true), Va, AccessKind.Write, privileged: true);
        Assert.Equal(WalkFaultKind.Translation, r.Fault);
        Assert.Equal(0UL, Leaf(_s1, Va));
    }

    [Fact]
    public void Stage2_S2HA_sets_the_access_flag_and_S2HD_sets_S2AP_write()
    {
        _s2.MapRaw(0x4000_0000, Pa, 0x1000, ShIs | HapRead | Dbm, useBlocks: false, 0);
        var walker = new PageTableWalker(_memory);
        Assert.Equal(WalkFaultKind.AccessFlag, walker.WalkStage2(S2(ha: false, hd: false), 0x4000_0000, AccessKind.Read, false).Fault);

        Assert.False(walker.WalkStage2(S2(ha: true, hd: true), 0x4000_0000, AccessKind.Read, false).IsFault);
        Assert.Equal(Af | HapRead, Leaf(_s2, 0x4000_0000) & (Af | HapRead | HapWrite));

        var w = walker.WalkStage2(S2(ha: true, hd: true), 0x4000_0000, AccessKind.Write, false);
        Assert.False(w.IsFault);
        Assert.True(w.Permissions.Allows(AccessKind.Write, privileged: false));
        Assert.Equal(Af | HapRead | HapWrite | Dbm, Leaf(_s2, 0x4000_0000) & (Af | HapRead | HapWrite | Dbm));
    }

    [Fact]
    public void Stage2_write_without_S2HD_is_a_permission_fault()
    {
        _s2.MapRaw(0x4000_0000, Pa, 0x1000, ShIs | Af | HapRead | Dbm, useBlocks: false, 0);
        var w = new PageTableWalker(_memory).WalkStage2(S2(ha: true, hd: false), 0x4000_0000, AccessKind.Write, false);
        Assert.Equal(WalkFaultKind.Permission, w.Fault);
        Assert.Equal(0UL, Leaf(_s2, 0x4000_0000) & HapWrite);
    }

    [Fact]
    public void Nested_stage1_access_flag_update_writes_through_stage2_and_dirties_the_stage2_page_of_the_table()
    {
        // Stage-1 tables live in IPA space [0x100_0000, 0x200_0000) (the allocator's pool), mapped 1:1 by stage 2 as
        // writable-clean: the hardware update of the stage-1 leaf is a stage-2 write, which sets S2AP[1] of that page.
        _s2.MapRaw(0x100_0000, 0x100_0000, 0x10_0000, ShIs | Af | HapRead | Dbm, useBlocks: false, 0);
        _s2.MapRaw(Pa, Pa, 0x1000, ShIs | Af | HapRead | HapWrite, useBlocks: false, 0);
        _s1.MapRaw(Va, Pa, 0x1000, ShIs, useBlocks: false, 0);
        var leaf = _s1.FindDescriptorAddress(Va, 3)!.Value;

        var r = new PageTableWalker(_memory).WalkNested(S1(ha: true, hd: false), S2(ha: true, hd: true), Va, AccessKind.Read, privileged: true);
        Assert.False(r.IsFault);
        Assert.Equal(Af, Leaf(_s1, Va) & Af);
        Assert.Equal(HapWrite, Leaf(_s2, leaf & ~0xFFFUL) & HapWrite);

        // The page of a stage-1 table that was only read stays clean.
        var root = _s1.FindDescriptorAddress(Va, 0)!.Value;
        Assert.Equal(0UL, Leaf(_s2, root & ~0xFFFUL) & HapWrite);
    }

    [Fact]
    public void Nested_stage1_update_through_read_only_stage2_is_a_stage2_permission_fault_during_the_table_walk()
    {
        _s2.MapRaw(0x100_0000, 0x100_0000, 0x10_0000, ShIs | Af | HapRead, useBlocks: false, 0);
        _s2.MapRaw(Pa, Pa, 0x1000, ShIs | Af | HapRead | HapWrite, useBlocks: false, 0);
        _s1.MapRaw(Va, Pa, 0x1000, ShIs, useBlocks: false, 0);

        var r = new PageTableWalker(_memory).WalkNested(S1(ha: true, hd: false), S2(ha: true, hd: true), Va, AccessKind.Read, privileged: true);
        Assert.Equal(WalkFaultKind.Permission, r.Fault);
        Assert.Equal(TranslationStage.Stage2, r.Stage);
        Assert.True(r.DuringStage1TableWalk);
        Assert.Equal(0UL, Leaf(_s1, Va) & Af);
    }
}
