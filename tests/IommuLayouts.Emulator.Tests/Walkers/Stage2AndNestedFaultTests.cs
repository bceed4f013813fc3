using System.Linq;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vmsa;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Walkers;

/// <summary>
/// Stage-2 and nested faults. Expected kinds from the architecture: S2AP[0] read / S2AP[1] write, XN bit 54 (with
/// FEAT_XNX XN[1:0] = 0 exec, 1 not EL1, 2 never, 3 not EL0); a stage-1 table fetch is checked at stage 2 as a read
/// (AArch64.CheckS2Permission) and a stage-2 fault during it is reported as stage 2 with the descriptor's IPA
/// (QEMU smmu-common.c translate_table_addr_ipa, SMMUv3 CLASS = TT).
/// </summary>
public class Stage2AndNestedFaultTests
{
    private readonly SparseGuestMemory _memory = new();
    private readonly PageTableWalker _walker;

    public Stage2AndNestedFaultTests() => _walker = new PageTableWalker(_memory);

    private Vmsa64PageTableBuilder Stage2Builder() =>
        new(_memory, new BumpTableAllocator(_memory, 0x100_0000, 0x200_0000), TranslationStage.Stage2, TranslationGranule.Size4K, 40, startLevel: 1);

    [Theory]
    // S2AP read, write, access, allowed
    [InlineData(false, false, AccessKind.Read, false)]
    [InlineData(true, false, AccessKind.Read, true)]
    [InlineData(true, false, AccessKind.Write, false)]
    [InlineData(false, true, AccessKind.Write, true)]
    [InlineData(false, true, AccessKind.Read, false)]
    [InlineData(true, true, AccessKind.Write, true)]
    [InlineData(false, false, AccessKind.InstructionFetch, true)]
    public void Stage2_data_access_follows_s2ap_and_fetch_ignores_it(bool read, bool write, AccessKind access, bool allowed)
    {
        var b = Stage2Builder();
        b.Map(0x40_0000, 0x9000_0000, 0x1000, new S2LeafDescriptor { S2ApRead = read, S2ApWrite = write, AF = true });
        var r = _walker.WalkStage2(b.CreateStage2Config(), 0x40_0008, access, privileged: false);
        Assert.Equal(allowed ? WalkFaultKind.None : WalkFaultKind.Permission, r.Fault);
        if (!allowed)
        {
            Assert.Equal(TranslationStage.Stage2, r.Stage);
            Assert.Equal(0x40_0008UL, r.IntermediateAddress);
        }
    }

    [Theory]
    // XN[1:0], XNX, privileged, executable
    [InlineData(2, false, true, false)]
    [InlineData(1, false, true, true)]
    [InlineData(3, false, false, false)]
    [InlineData(0, true, true, true)]
    [InlineData(1, true, true, false)]
    [InlineData(1, true, false, true)]
    [InlineData(2, true, false, false)]
    [InlineData(3, true, true, true)]
    [InlineData(3, true, false, false)]
    public void Stage2_execute_never_with_and_without_xnx(int xn, bool xnx, bool privileged, bool executable)
    {
        var b = Stage2Builder();
        b.Map(0x40_0000, 0x9000_0000, 0x1000, new S2LeafDescriptor { S2ApRead = true, AF = true, XN = (byte)xn });
        var c = b.CreateStage2Config();
        var config = new Stage2Config(c.TableBase, c.Granule, 24, 1, 48) { ExtendedExecuteNever = xnx };
        var r = _walker.WalkStage2(config, 0x40_0000, AccessKind.InstructionFetch, privileged);
        Assert.Equal(executable ? WalkFaultKind.None : WalkFaultKind.Permission, r.Fault);
    }

    [Fact]
    public void Stage2_access_flag_and_s2affd()
    {
        var b = Stage2Builder();
        b.Map(0x40_0000, 0x9000_0000, 0x1000, new S2LeafDescriptor { S2ApRead = true });
        var c = b.CreateStage2Config();
        Assert.Equal(WalkFaultKind.AccessFlag, _walker.WalkStage2(c, 0x40_0000, AccessKind.Read, true).Fault);
        var affd = new Stage2Config(c.TableBase, c.Granule, 24, 1, 48) { AccessFlagFaultDisabled = true };
        Assert.False(_walker.WalkStage2(affd, 0x40_0000, AccessKind.Read, true).IsFault);
    }

    [Fact]
    public void Stage2_output_beyond_ps_is_an_address_size_fault()
    {
        var b = Stage2Builder();
        b.Map(0x40_0000, 0x10_0000_0000, 0x1000, IommuProt.Read);
        Assert.Equal(WalkFaultKind.AddressSize, _walker.WalkStage2(b.CreateStage2Config(outputSize: 36), 0x40_0000, AccessKind.Read, true).Fault);
        Assert.False(_walker.WalkStage2(b.CreateStage2Config(outputSize: 40), 0x40_0000, AccessKind.Read, true).IsFault);
    }

    [Theory]
    [InlineData(TranslationGranule.Size4K, 16, 3, WalkConfigError.ReservedStartLevel)]
    [InlineData(TranslationGranule.Size4K, 32, 2, WalkConfigError.StartLevelInconsistent)] // level 0 for a 32-bit IPA: no index bits
    [InlineData(TranslationGranule.Size4K, 16, 0, WalkConfigError.StartLevelInconsistent)] // level 2 for 48 bits: 2^18 tables
    [InlineData(TranslationGranule.Size64K, 16, 3, WalkConfigError.ReservedStartLevel)]
    [InlineData(TranslationGranule.Size4K, 15, 1, WalkConfigError.InputSizeOutOfRange)]
    [InlineData(TranslationGranule.Size4K, 24, 1, WalkConfigError.None)]
    public void Stage2_configuration_checks_sl0_against_t0sz(TranslationGranule granule, int t0sz, int sl0, WalkConfigError expected)
    {
        Stage2Config.TryCreate(0, granule, t0sz, sl0, 48, out _, out var error);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Nested_stage2_fault_on_a_stage1_table_fetch_is_reported_as_stage2_during_the_table_walk()
    {
        // Stage 2 maps the guest's level-0 table page but not the level-1 table page.
        var s2 = Stage2Builder();
        var s2Config = s2.CreateStage2Config();
        var guest = new SparseGuestMemory();
        var s1 = new Vmsa64PageTableBuilder(guest, new BumpTableAllocator(guest, 0x50_0000, 0x60_0000), TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        s1.Map(0x7000, 0x60_0000, 0x1000, IommuProt.Read);
        var l0 = s1.RootAddress;
        var l1Slot = s1.FindDescriptorAddress(0x7000, 1)!.Value;

        // Copy the guest tables into host memory one IPA page at a time, mapping only the level-0 page at stage 2.
        var buffer = new byte[0x1000];
        Assert.True(guest.TryRead(l0, buffer));
        Assert.True(_memory.TryWrite(0xA000_0000, buffer));
        s2.Map(l0, 0xA000_0000, 0x1000, IommuProt.Read);

        var r = _walker.WalkNested(s1.CreateStage1Config(), s2Config, 0x7010, AccessKind.Read, false);
        Assert.Equal(WalkFaultKind.Translation, r.Fault);
        Assert.Equal(TranslationStage.Stage2, r.Stage);
        Assert.True(r.DuringStage1TableWalk);
        Assert.Equal(l1Slot, r.IntermediateAddress);
        Assert.Equal(0x7010UL, r.InputAddress);
    }

    [Fact]
    public void Nested_table_fetch_needs_stage2_read_permission()
    {
        var s2 = Stage2Builder();
        var guest = new ShiftedMemory(_memory, 0, 0xB000_0000);
        var s1 = new Vmsa64PageTableBuilder(guest, new BumpTableAllocator(guest, 0x10_0000, 0x20_0000), TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        s1.Map(0x7000, 0x30_0000, 0x1000, IommuProt.Read);

        // Tables window readable only by... nobody: S2AP = write-only.
        s2.Map(0x10_0000, 0xB010_0000, 0x10_0000, new S2LeafDescriptor { S2ApWrite = true, AF = true });
        s2.Map(0x30_0000, 0xC000_0000, 0x1000, IommuProt.Read);
        var r = _walker.WalkNested(s1.CreateStage1Config(), s2.CreateStage2Config(), 0x7000, AccessKind.Read, false);
        Assert.Equal(WalkFaultKind.Permission, r.Fault);
        Assert.Equal(TranslationStage.Stage2, r.Stage);
        Assert.True(r.DuringStage1TableWalk);
        Assert.Equal(s1.RootAddress, r.IntermediateAddress);
    }

    [Fact]
    public void Nested_result_has_smaller_page_and_intersected_permissions()
    {
        var s2 = Stage2Builder();
        var guest = new ShiftedMemory(_memory, 0, 0xB000_0000);
        var s1 = new Vmsa64PageTableBuilder(guest, new BumpTableAllocator(guest, 0x10_0000, 0x20_0000), TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        s2.Map(0x10_0000, 0xB010_0000, 0x10_0000, IommuProt.Read);

        // Stage 1: 2 MiB read-write block; stage 2: that IPA range as 4K read-only pages.
        s1.Map(0x4000_0000, 0x40_0000, 0x20_0000, IommuProt.Read | IommuProt.Write);
        s2.Map(0x40_0000, 0xD000_0000, 0x20_0000, IommuProt.Read, useBlocks: false);
        var r = _walker.WalkNested(s1.CreateStage1Config(), s2.CreateStage2Config(), 0x4001_2345, AccessKind.Read, false);
        Assert.False(r.IsFault, r.ToString());
        Assert.Equal(0xD001_2345UL, r.OutputAddress);
        Assert.Equal(0x41_2345UL, r.IntermediateAddress);
        Assert.Equal(2, r.Level);
        Assert.Equal(3, r.Stage2Level);
        Assert.Equal(12, r.PageShift);
        Assert.False(r.Permissions.HasFlag(WalkPermissions.UnprivilegedWrite));

        var w = _walker.WalkNested(s1.CreateStage1Config(), s2.CreateStage2Config(), 0x4001_2345, AccessKind.Write, false);
        Assert.Equal(WalkFaultKind.Permission, w.Fault);
        Assert.Equal(TranslationStage.Stage2, w.Stage);
        Assert.False(w.DuringStage1TableWalk);
    }

    [Fact]
    public void Nested_trace_shows_stage2_sub_walks_for_every_stage1_descriptor()
    {
        var s2 = Stage2Builder();
        var guest = new ShiftedMemory(_memory, 0, 0xB000_0000);
        var s1 = new Vmsa64PageTableBuilder(guest, new BumpTableAllocator(guest, 0x10_0000, 0x20_0000), TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        s2.Map(0x10_0000, 0xB010_0000, 0x10_0000, IommuProt.Read, useBlocks: false);
        s2.Map(0x30_0000, 0xC000_0000, 0x1000, IommuProt.Read);
        s1.Map(0x7000, 0x30_0000, 0x1000, IommuProt.Read);

        var trace = new WalkTraceRecorder();
        var r = _walker.WalkNested(s1.CreateStage1Config(), s2.CreateStage2Config(), 0x7000, AccessKind.Read, false, trace);
        Assert.False(r.IsFault);

        // 4 stage-1 levels, each preceded by a 3-level stage-2 walk (start level 1), then 3 stage-2 steps for the data: 4 + 12 + 3.
        Assert.Equal(19, trace.Steps.Count);
        Assert.Equal(4, trace.Steps.Count(s => s.Purpose == WalkPurpose.Stage1));
        Assert.Equal(12, trace.Steps.Count(s => s.Purpose == WalkPurpose.Stage2ForStage1Table));
        Assert.Equal(3, trace.Steps.Count(s => s.Purpose == WalkPurpose.Stage2ForOutput));
        var firstS1 = trace.Steps.First(s => s.Purpose == WalkPurpose.Stage1);
        Assert.Equal(0, firstS1.Level);
        Assert.Equal(s1.RootAddress, firstS1.DescriptorInputAddress);
        Assert.Equal(0xB000_0000UL + s1.RootAddress, firstS1.DescriptorAddress);
        Assert.Equal(WalkStepDecision.NextLevel, firstS1.Decision);
        Assert.StartsWith("vmsa64.s1.table {", firstS1.DecodeDescriptor(), System.StringComparison.Ordinal);
        var leaf = trace.Steps.Last(s => s.Purpose == WalkPurpose.Stage1);
        Assert.Equal(WalkStepDecision.Translated, leaf.Decision);
        Assert.Equal(3, leaf.Level);
        Assert.Equal(7, leaf.Index);
    }

    [Fact]
    public void Trace_of_a_fault_ends_with_the_faulting_step()
    {
        var b = Stage2Builder();
        b.Map(0x40_0000, 0x9000_0000, 0x1000, IommuProt.Read);
        var trace = new WalkTraceRecorder();
        var r = _walker.WalkStage2(b.CreateStage2Config(), 0x40_0000, AccessKind.Write, true, trace);
        Assert.Equal(WalkFaultKind.Permission, r.Fault);
        Assert.Equal(3, trace.Steps.Count);
        Assert.Equal(WalkStepDecision.Fault, trace.Steps[2].Decision);
        Assert.Equal(WalkFaultKind.Permission, trace.Steps[2].Fault);
        Assert.Equal(r.DescriptorAddress, trace.Steps[2].DescriptorAddress);
    }

    [Fact]
    public void Nested_external_abort_on_a_stage2_descriptor_during_the_stage1_walk_names_the_stage2_descriptor()
    {
        var s2 = Stage2Builder();
        var guest = new ShiftedMemory(_memory, 0, 0xB000_0000);
        var s1 = new Vmsa64PageTableBuilder(guest, new BumpTableAllocator(guest, 0x10_0000, 0x20_0000), TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        s1.Map(0x7000, 0x30_0000, 0x1000, IommuProt.Read);
        s2.Map(0x10_0000, 0xB010_0000, 0x10_0000, IommuProt.Read, useBlocks: false);
        var s2Leaf = s2.FindDescriptorAddress(s1.RootAddress, 3)!.Value;
        _memory.AddFaultRegion(s2Leaf, 8, MemoryFaults.Read);

        var r = _walker.WalkNested(s1.CreateStage1Config(), s2.CreateStage2Config(), 0x7000, AccessKind.Read, false);
        Assert.Equal(WalkFaultKind.ExternalAbort, r.Fault);
        Assert.Equal(TranslationStage.Stage2, r.Stage);
        Assert.True(r.DuringStage1TableWalk);
        Assert.Equal(s2Leaf, r.DescriptorAddress);
        Assert.Equal(3, r.Level);
    }

    [Fact]
    public void Nested_translation_exposes_both_leaves_and_the_ng_bit()
    {
        var s2 = Stage2Builder();
        var guest = new ShiftedMemory(_memory, 0, 0xB000_0000);
        var s1 = new Vmsa64PageTableBuilder(guest, new BumpTableAllocator(guest, 0x10_0000, 0x20_0000), TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        s2.Map(0x10_0000, 0xB010_0000, 0x10_0000, IommuProt.Read);
        s2.Map(0x30_0000, 0xC000_0000, 0x1000, IommuProt.Read | IommuProt.Mmio);
        s1.Map(0x7000, 0x30_0000, 0x1000, IommuProt.Read | IommuProt.Cache);
        var r = _walker.WalkNested(s1.CreateStage1Config(), s2.CreateStage2Config(), 0x7000, AccessKind.Read, false);

        // Linux arm_lpae_prot_to_pte always sets nG at stage 1; MMIO at stage 2 is MemAttr 0x1, cacheable stage 1 is AttrIndx 1.
        Assert.True(r.NotGlobal);
        Assert.Equal(1, r.Stage1Leaf.AttrIndx);
        Assert.Equal(0x1, r.Stage2Leaf.MemAttr);
    }
}
