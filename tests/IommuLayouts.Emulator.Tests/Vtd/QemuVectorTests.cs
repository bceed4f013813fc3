using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// QEMU's iommu-intel-test vector (qemu/qemu tests/qtest/iommu-intel-test.c at 08dc347e with libqos
/// qos-intel-iommu.{c,h}, patchew-project/qemu at 06bbbc91 / a1595585): IOVA QVTD_IOVA = 0x1020_0567 maps to
/// QVTD_PT_VAL = 0x1010_0000 + 0x567 through a 4-level table at QVTD_PT_L4_BASE = 0x1001_0000 (L3 at 0x1001_1000),
/// root table at 0x1000_0000, domain 0, AW = 2; in legacy translated, scalable second-stage and scalable
/// first-stage modes, and pass-through (legacy TT = 2, PGTT = 4). The tables are built by VtdPageTableBuilder
/// and the entries it writes are checked against libqos's words (second stage 0x1001_1003; first stage
/// 0x1001_1027 once the unit has set A, and a leaf 0x1010_0067 once a write has set D).
/// </summary>
public sealed class QemuVectorTests
{
    private const ulong Iova = 0x1020_0567;
    private const ulong Expected = 0x1010_0567;
    private static readonly ushort Device = VtdTestBed.Sid(0, 3, 0);

    private static VtdTestBed Bed(bool scalable) => new(scalable, tableBase: 0x1001_0000);

    [Fact]
    public void Legacy_translated_mode()
    {
        var bed = Bed(scalable: false);
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        Assert.Equal(0x1001_0000UL, tables.RootAddress);
        tables.Map(0x1020_0000, 0x1010_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        Assert.True(bed.Memory.TryReadUInt64(0x1001_0000, out var pml4e));
        Assert.Equal(0x1001_1003UL, pml4e);
        bed.LegacyContext(Device, tables.RootAddress, 4, did: 0);
        bed.Enable();

        var t = bed.Translate(Device, Iova, AccessKind.Write);
        Assert.Equal(VtdOutcome.Translated, t.Outcome);
        Assert.Equal(Expected, t.OutputAddress);
        Assert.Equal(4096UL, t.PageSize);
        Assert.False(t.PassThrough);
    }

    [Fact]
    public void Scalable_second_stage_mode()
    {
        var bed = Bed(scalable: true);
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        tables.Map(0x1020_0000, 0x1010_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.ScalableContext(Device);
        bed.SetPasidEntry(Device, 0, VtdTestBed.SecondStageEntry(tables.RootAddress, 4, did: 0));
        bed.Enable();

        var t = bed.Translate(Device, Iova, AccessKind.Read);
        Assert.Equal(Expected, t.OutputAddress);
        Assert.Equal(4096UL, t.PageSize);
    }

    [Fact]
    public void Scalable_first_stage_mode_sets_accessed_and_dirty_as_libqos_expects()
    {
        var bed = Bed(scalable: true);
        var tables = bed.Tables(VtdTableFormat.FirstStage, 4);
        tables.Map(0x1020_0000, 0x1010_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.ScalableContext(Device);
        bed.SetPasidEntry(Device, 0, VtdTestBed.FirstStageEntry(tables.RootAddress, 4, did: 0));
        bed.Enable();

        var t = bed.Translate(Device, Iova, AccessKind.Write);
        Assert.Equal(Expected, t.OutputAddress);
        Assert.True(bed.Memory.TryReadUInt64(0x1001_0000, out var pml4e));
        Assert.Equal(0x1001_1027UL, pml4e);
        Assert.True(bed.Memory.TryReadUInt64(tables.FindEntryAddress(Iova, 1)!.Value, out var leaf));
        Assert.Equal(0x1010_0067UL, leaf);
    }

    [Fact]
    public void Legacy_pass_through_context()
    {
        var bed = Bed(scalable: false);
        bed.LegacyContext(Device, 0, 4, did: 0, tt: ContextTranslationType.PassThrough);
        bed.Enable();
        var t = bed.Translate(Device, Iova, AccessKind.Write);
        Assert.True(t.PassThrough);
        Assert.Equal(Iova, t.OutputAddress);
    }

    [Fact]
    public void Scalable_pass_through_pasid_entry()
    {
        var bed = Bed(scalable: true);
        bed.ScalableContext(Device);
        var pe = default(PasidEntry);
        pe.Present = true;
        pe.Pgtt = PasidGranularTranslationType.PassThrough;
        bed.SetPasidEntry(Device, 0, pe);
        bed.Enable();
        var t = bed.Translate(Device, Iova);
        Assert.True(t.PassThrough);
        Assert.Equal(Iova, t.OutputAddress);
    }

    [Fact]
    public void Translation_disabled_is_identity()
    {
        var bed = Bed(scalable: false);
        var t = bed.Translate(Device, Iova, AccessKind.Write);
        Assert.True(t.PassThrough);
        Assert.Equal(Iova, t.OutputAddress);
    }

    [Fact]
    public void Abort_dma_mode_blocks_without_a_record()
    {
        var bed = Bed(scalable: false);
        bed.Enable(RootTableTranslationMode.AbortDma);
        var t = bed.Translate(Device, Iova);
        Assert.Equal(VtdOutcome.Blocked, t.Outcome);
        Assert.False(bed.ReadFrcd(0).Fault);
    }

    [Fact]
    public void Rid_pasid_selects_the_pasid_of_requests_without_pasid()
    {
        // QEMU always uses PASID 0; the context's RID_PASID (Linux context_set_sm_rid2pasid) names another one.
        var bed = Bed(scalable: true);
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        tables.Map(0x1020_0000, 0x1010_0000, 0x1000, IommuProt.Read);
        bed.ScalableContext(Device, ridPasid: 77);
        bed.SetPasidEntry(Device, 77, VtdTestBed.SecondStageEntry(tables.RootAddress, 4, did: 3));
        bed.Enable();
        Assert.Equal(Expected, bed.Translate(Device, Iova).OutputAddress);
    }

    [Fact]
    public void Capability_registers_read_back_through_mmio()
    {
        var bed = Bed(scalable: true);
        var cap = CapabilityRegister.FromWords([bed.Vtd.ReadRegister(0x08, 64)]);
        var ecap = ExtendedCapabilityRegister.FromWords([bed.Vtd.ReadRegister(0x10, 64)]);
        Assert.Equal(0x22, cap.FaultRecordingOffset); // 0x220, QEMU DMAR_FRCD_REG_OFFSET
        Assert.Equal(7, cap.NumberOfFaultRecordingRegisters);
        Assert.Equal(0xF, ecap.IotlbRegisterOffset); // 0xF0, QEMU VTD_ECAP_IRO
        Assert.True(ecap.ScalableMode && ecap.Nested && ecap.FirstStageTranslation && ecap.SecondStageTranslation);
        Assert.Equal(19, ecap.PasidSizeSupported);
        Assert.Equal(0x10UL, bed.Vtd.ReadRegister(0, 32));
    }
}
