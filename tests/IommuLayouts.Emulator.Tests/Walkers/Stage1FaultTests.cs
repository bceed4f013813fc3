using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vmsa;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Walkers;

/// <summary>
/// Stage-1 faults with the expected kind written from the architecture's rules (Arm ARM D8.4 AArch64 permission
/// model for EL1&amp;0: AP[2:1] = 00 privileged RW, 01 RW at both, 10 privileged RO, 11 RO at both; APTable[1]
/// removes write, APTable[0] removes EL0 access; UXN/PXN and their table forms; EL0-writable implies PXN;
/// Access flag; address size; reserved descriptors).
/// </summary>
public class Stage1FaultTests
{
    private const ulong Va = 0x12_3456_7000;
    private const ulong Pa = 0x8000_0000;

    private readonly SparseGuestMemory _memory = new();
    private readonly Vmsa64PageTableBuilder _builder;
    private readonly PageTableWalker _walker;

    public Stage1FaultTests()
    {
        _builder = new Vmsa64PageTableBuilder(_memory, new BumpTableAllocator(_memory, 0x100_0000, 0x200_0000), TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        _walker = new PageTableWalker(_memory);
    }

    private static S1LeafDescriptor Leaf(bool apUnprivileged, bool apReadOnly, bool pxn = false, bool uxn = false, bool af = true) =>
        new() { ApUnprivileged = apUnprivileged, ApReadOnly = apReadOnly, PXN = pxn, UXN = uxn, AF = af, SH = Shareability.InnerShareable };

    private WalkResult Walk(AccessKind access, bool privileged, Stage1Config? config = null) =>
        _walker.WalkStage1(config ?? _builder.CreateStage1Config(), Va + 0x10, access, privileged);

    [Theory]
    // AP[2:1], access, privileged, allowed
    [InlineData(0, AccessKind.Read, true, true)]
    [InlineData(0, AccessKind.Write, true, true)]
    [InlineData(0, AccessKind.Read, false, false)]
    [InlineData(0, AccessKind.Write, false, false)]
    [InlineData(1, AccessKind.Read, true, true)]
    [InlineData(1, AccessKind.Write, true, true)]
    [InlineData(1, AccessKind.Read, false, true)]
    [InlineData(1, AccessKind.Write, false, true)]
    [InlineData(2, AccessKind.Read, true, true)]
    [InlineData(2, AccessKind.Write, true, false)]
    [InlineData(2, AccessKind.Read, false, false)]
    [InlineData(2, AccessKind.Write, false, false)]
    [InlineData(3, AccessKind.Read, true, true)]
    [InlineData(3, AccessKind.Write, true, false)]
    [InlineData(3, AccessKind.Read, false, true)]
    [InlineData(3, AccessKind.Write, false, false)]
    public void Data_access_follows_the_ap_table(int ap, AccessKind access, bool privileged, bool allowed)
    {
        _builder.Map(Va, Pa, 0x1000, Leaf(apUnprivileged: (ap & 1) != 0, apReadOnly: (ap & 2) != 0));
        var r = Walk(access, privileged);
        if (allowed)
        {
            Assert.False(r.IsFault, r.ToString());
            Assert.Equal(Pa + 0x10, r.OutputAddress);
        }
        else
        {
            Assert.Equal(WalkFaultKind.Permission, r.Fault);
            Assert.Equal(3, r.Level);
            Assert.Equal(Va + 0x10, r.InputAddress);
        }
    }

    [Theory]
    // pxn, uxn, privileged, allowed (AP = 00: not EL0-writable, so no implied PXN)
    [InlineData(false, false, true, true)]
    [InlineData(false, false, false, true)]
    [InlineData(true, false, true, false)]
    [InlineData(true, false, false, true)]
    [InlineData(false, true, true, true)]
    [InlineData(false, true, false, false)]
    public void Instruction_fetch_follows_pxn_and_uxn(bool pxn, bool uxn, bool privileged, bool allowed)
    {
        // AP[1] = 0 yet EL0 may execute: AArch64 execute-only memory; execution is governed by XN alone.
        _builder.Map(Va, Pa, 0x1000, Leaf(apUnprivileged: false, apReadOnly: true, pxn: pxn, uxn: uxn));
        var r = Walk(AccessKind.InstructionFetch, privileged);
        Assert.Equal(allowed ? WalkFaultKind.None : WalkFaultKind.Permission, r.Fault);
    }

    [Fact]
    public void Page_writable_at_el0_is_never_executable_at_el1()
    {
        _builder.Map(Va, Pa, 0x1000, Leaf(apUnprivileged: true, apReadOnly: false));
        Assert.Equal(WalkFaultKind.Permission, Walk(AccessKind.InstructionFetch, privileged: true).Fault);
        Assert.False(Walk(AccessKind.InstructionFetch, privileged: false).IsFault);
    }

    [Fact]
    public void Wxn_makes_a_writable_page_execute_never()
    {
        _builder.Map(Va, Pa, 0x1000, Leaf(apUnprivileged: false, apReadOnly: false));
        var c = _builder.CreateStage1Config();
        Assert.False(Walk(AccessKind.InstructionFetch, true).IsFault);
        var withWxn = new Stage1Config(c.TableBase, c.Granule, 64 - c.InputSize, 48) { WriteImpliesExecuteNever = true };
        Assert.Equal(WalkFaultKind.Permission, Walk(AccessKind.InstructionFetch, true, withWxn).Fault);
        Assert.False(Walk(AccessKind.Write, true, withWxn).IsFault);
    }

    [Theory]
    // table bit (59 PXNTable, 60 UXNTable, 61 APTable[0], 62 APTable[1]), access, privileged
    [InlineData(62, AccessKind.Write, true)]
    [InlineData(62, AccessKind.Write, false)]
    [InlineData(61, AccessKind.Read, false)]
    [InlineData(59, AccessKind.InstructionFetch, true)]
    [InlineData(60, AccessKind.InstructionFetch, false)]
    public void Table_restrictions_give_a_permission_fault_at_the_leaf(int tableBit, AccessKind access, bool privileged)
    {
        // The leaf alone allows everything at both privileges (AP = 01 would imply PXN, so give EL0 read-write
        // only when the check is not a privileged fetch).
        var leaf = Leaf(apUnprivileged: !(access == AccessKind.InstructionFetch && privileged), apReadOnly: false);
        _builder.Map(Va, Pa, 0x1000, leaf, tableAttributes: 1UL << tableBit);
        Assert.False(Walk(AccessKind.Read, true).IsFault);
        var r = Walk(access, privileged);
        Assert.Equal(WalkFaultKind.Permission, r.Fault);
        Assert.Equal(3, r.Level);

        // HPD (CD.HADx) turns the table restrictions off.
        var c = _builder.CreateStage1Config();
        var hpd = new Stage1Config(c.TableBase, c.Granule, 16, 48) { HierarchicalPermissionsDisabled = true };
        Assert.False(Walk(access, privileged, hpd).IsFault);
    }

    [Fact]
    public void Access_flag_zero_faults_unless_affd()
    {
        _builder.Map(Va, Pa, 0x1000, Leaf(true, false, af: false));
        var r = Walk(AccessKind.Read, true);
        Assert.Equal(WalkFaultKind.AccessFlag, r.Fault);
        Assert.Equal(3, r.Level);
        var c = _builder.CreateStage1Config();
        Assert.False(Walk(AccessKind.Read, true, new Stage1Config(c.TableBase, c.Granule, 16, 48) { AccessFlagFaultDisabled = true }).IsFault);
    }

    [Fact]
    public void Access_flag_fault_comes_before_permission_fault()
    {
        _builder.Map(Va, Pa, 0x1000, Leaf(false, true, af: false));
        Assert.Equal(WalkFaultKind.AccessFlag, Walk(AccessKind.Write, false).Fault);
    }

    [Fact]
    public void Output_address_at_or_beyond_oas_is_an_address_size_fault()
    {
        _builder.Map(Va, 0x100_0000_0000, 0x1000, Leaf(true, false));
        var c = _builder.CreateStage1Config(outputSize: 40);
        var r = Walk(AccessKind.Read, true, c);
        Assert.Equal(WalkFaultKind.AddressSize, r.Fault);
        Assert.Equal(3, r.Level);
        Assert.False(Walk(AccessKind.Read, true, _builder.CreateStage1Config(outputSize: 44)).IsFault);
    }

    [Fact]
    public void Next_table_address_beyond_oas_is_an_address_size_fault_at_that_level()
    {
        _builder.Map(Va, Pa, 0x1000, Leaf(true, false));
        var slot = _builder.FindDescriptorAddress(Va, 1)!.Value;
        Assert.True(_memory.TryWriteUInt64(slot, 0x0000_8000_0000_0003UL));
        var r = Walk(AccessKind.Read, true, _builder.CreateStage1Config(outputSize: 44));
        Assert.Equal(WalkFaultKind.AddressSize, r.Fault);
        Assert.Equal(1, r.Level);
    }

    [Fact]
    public void Table_base_beyond_oas_is_a_level_0_address_size_fault()
    {
        var c = new Stage1Config(1UL << 40, TranslationGranule.Size4K, 16, 40);
        var r = _walker.WalkStage1(c, 0x1000, AccessKind.Read, true);
        Assert.Equal(WalkFaultKind.AddressSize, r.Fault);
        Assert.Equal(0, r.Level);
    }

    [Fact]
    public void Descriptor_bits_49_48_make_the_output_address_too_large()
    {
        _builder.Map(Va, Pa, 0x1000, Leaf(true, false));
        var slot = _builder.FindDescriptorAddress(Va, 3)!.Value;
        Assert.True(_memory.TryReadUInt64(slot, out var d));
        Assert.True(_memory.TryWriteUInt64(slot, d | (1UL << 48)));
        Assert.Equal(WalkFaultKind.AddressSize, Walk(AccessKind.Read, true).Fault);
    }

    [Fact]
    public void Level_3_descriptor_with_type_bit_clear_is_reserved()
    {
        _builder.Map(Va, Pa, 0x1000, Leaf(true, false));
        var slot = _builder.FindDescriptorAddress(Va, 3)!.Value;
        Assert.True(_memory.TryReadUInt64(slot, out var d));
        Assert.True(_memory.TryWriteUInt64(slot, d & ~2UL));
        var r = Walk(AccessKind.Read, true);
        Assert.Equal(WalkFaultKind.Translation, r.Fault);
        Assert.Equal(3, r.Level);
    }

    [Fact]
    public void Four_k_block_at_level_1_translates_but_16k_block_at_level_1_faults()
    {
        _builder.Map(0x4000_0000, 0x1_0000_0000, 0x4000_0000, Leaf(true, false));
        var r = _walker.WalkStage1(_builder.CreateStage1Config(), 0x4123_4567, AccessKind.Read, true);
        Assert.Equal(1, r.Level);
        Assert.Equal(30, r.PageShift);
        Assert.Equal(0x1_0123_4567UL, r.OutputAddress);

        var m = new SparseGuestMemory();
        var b = new Vmsa64PageTableBuilder(m, new BumpTableAllocator(m, 0x100_0000, 0x200_0000), TranslationStage.Stage1, TranslationGranule.Size16K, 48);
        b.Map(0, 0x10_0000_0000, 0x4000, Leaf(true, false));
        var slot = b.FindDescriptorAddress(0, 1)!.Value;
        Assert.True(m.TryWriteUInt64(slot, 0x10_0000_0000UL | 0x401)); // a block (type 01) with AF at level 1
        var r16 = new PageTableWalker(m).WalkStage1(b.CreateStage1Config(), 0x10, AccessKind.Read, true);
        Assert.Equal(WalkFaultKind.Translation, r16.Fault);
        Assert.Equal(1, r16.Level);
    }

    [Fact]
    public void Aborting_table_read_is_an_external_abort_with_the_descriptor_address()
    {
        _builder.Map(Va, Pa, 0x1000, Leaf(true, false));
        var slot = _builder.FindDescriptorAddress(Va, 2)!.Value;
        _memory.AddFaultRegion(slot & ~0xFFFUL, 0x1000, MemoryFaults.Read);
        var r = Walk(AccessKind.Read, true);
        Assert.Equal(WalkFaultKind.ExternalAbort, r.Fault);
        Assert.Equal(2, r.Level);
        Assert.Equal(slot, r.DescriptorAddress);
    }

    [Fact]
    public void Sixty_four_k_granule_reaches_a_52_bit_output_address()
    {
        var m = new SparseGuestMemory();
        var b = new Vmsa64PageTableBuilder(m, new BumpTableAllocator(m, 0x100_0000, 0x200_0000), TranslationStage.Stage1, TranslationGranule.Size64K, 48);
        const ulong pa52 = 0x000F_1234_5678_0000UL;
        b.Map(0x1_0000, pa52, 0x1_0000, Leaf(true, false), useBlocks: false);
        var w = new PageTableWalker(m);
        var r = w.WalkStage1(b.CreateStage1Config(outputSize: 52), 0x1_0042, AccessKind.Read, true);
        Assert.Equal(pa52 + 0x42, r.OutputAddress);

        // The same descriptor under a 48-bit output size is out of range.
        Assert.Equal(WalkFaultKind.AddressSize, w.WalkStage1(b.CreateStage1Config(outputSize: 48), 0x1_0042, AccessKind.Read, true).Fault);
    }

    [Fact]
    public void Upper_range_requires_top_bits_set_and_tbi_ignores_the_top_byte()
    {
        _builder.Map(Va, Pa, 0x1000, Leaf(true, false));
        var c = _builder.CreateStage1Config();
        var upper = new Stage1Config(c.TableBase, c.Granule, 16, 48) { UpperRange = true };
        Assert.False(_walker.WalkStage1(upper, 0xFFFF_0000_0000_0000UL | Va, AccessKind.Read, true).IsFault);
        Assert.Equal(WalkFaultKind.Translation, _walker.WalkStage1(upper, Va, AccessKind.Read, true).Fault);

        Assert.Equal(WalkFaultKind.Translation, _walker.WalkStage1(c, 0x5A00_0000_0000_0000UL | Va, AccessKind.Read, true).Fault);
        var tbi = new Stage1Config(c.TableBase, c.Granule, 16, 48) { TopByteIgnored = true };
        var r = _walker.WalkStage1(tbi, 0x5A00_0000_0000_0000UL | Va, AccessKind.Read, true);
        Assert.Equal(Pa, r.OutputAddress);
    }

    [Fact]
    public void Invalid_descriptor_faults_at_the_level_it_is_found()
    {
        _builder.Map(Va, Pa, 0x1000, Leaf(true, false));

        // Same level-0 and level-1 entries, a level-2 entry that was never written.
        var r = _walker.WalkStage1(_builder.CreateStage1Config(), Va + 0x20_0000, AccessKind.Read, true);
        Assert.Equal(WalkFaultKind.Translation, r.Fault);
        Assert.Equal(2, r.Level);
        Assert.Equal(0UL, r.Descriptor);
    }
}
