using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// What the unit lacks, entries may not ask for: AW outside CAP.SAGAW (QEMU vtd_ce_type_check / vtd_is_sl_level_supported,
/// fault 0x03 legacy, 0x5B scalable), FSPM = 5-level without CAP.FS5LP (0x5B), large pages without CAP.SLLPS /
/// FS1GP (PS reserved: 0x0C, 0x72), nested without ECAP.NEST (0x5B); and the supervisor controls SRE, WPE, SMEP.
/// </summary>
public sealed class CapabilityGatingTests
{
    private static readonly ushort Device = VtdTestBed.Sid(0, 3, 0);

    [Fact]
    public void Five_level_second_stage_needs_sagaw_bit_3_in_legacy_mode()
    {
        foreach (var sagaw in new[] { 0b1110, 0b0110 })
        {
            var bed = new VtdTestBed(scalable: false, new VtdCapabilities { SupportedAdjustedGuestAddressWidths = sagaw });
            var tables = bed.Tables(VtdTableFormat.SecondStage, 5);
            tables.Map(1UL << 50, 0x5000_0000, 0x1000, IommuProt.Read);
            bed.LegacyContext(Device, tables.RootAddress, 5, did: 1);
            bed.Enable();
            var t = bed.Translate(Device, 1UL << 50);
            if (sagaw == 0b1110)
            {
                Assert.Equal(0x5000_0000UL, t.OutputAddress);
            }
            else
            {
                Assert.Equal(FaultReason.ContextEntryInvalid, t.Reason);
            }
        }
    }

    [Fact]
    public void Five_level_first_stage_needs_fs5lp()
    {
        foreach (var fs5lp in new[] { true, false })
        {
            var bed = new VtdTestBed(scalable: true, new VtdCapabilities { FirstStage5Level = fs5lp });
            var tables = bed.Tables(VtdTableFormat.FirstStage, 5);
            tables.Map(1UL << 50, 0x5000_0000, 0x1000, IommuProt.Read);
            bed.ScalableContext(Device);
            bed.SetPasidEntry(Device, 5, VtdTestBed.FirstStageEntry(tables.RootAddress, 5, did: 1));
            bed.Enable();
            var t = bed.Translate(Device, 1UL << 50, pasid: 5);
            if (fs5lp)
            {
                Assert.Equal(0x5000_0000UL, t.OutputAddress);
            }
            else
            {
                Assert.Equal(FaultReason.ScalablePasidEntryInvalid, t.Reason);
            }
        }
    }

    [Fact]
    public void Large_pages_need_their_capability()
    {
        var bed = new VtdTestBed(scalable: false, new VtdCapabilities { SecondStage1GPages = false });
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        tables.Map(0, 0x4000_0000, 1UL << 30, IommuProt.Read, 30);
        tables.Map(1UL << 30, 0x8000_0000, 1UL << 21, IommuProt.Read, 21);
        bed.LegacyContext(Device, tables.RootAddress, 4, did: 1);
        bed.Enable();
        Assert.Equal(FaultReason.PagingEntryReservedBitSet, bed.Translate(Device, 0x1000).Reason);
        Assert.Equal(0x8000_1000UL, bed.Translate(Device, (1UL << 30) + 0x1000).OutputAddress);
    }

    [Fact]
    public void First_stage_1g_pages_need_fs1gp()
    {
        var bed = new VtdTestBed(scalable: true, new VtdCapabilities { FirstStage1GPages = false });
        var tables = bed.Tables(VtdTableFormat.FirstStage, 4);
        tables.Map(0, 0x4000_0000, 1UL << 30, IommuProt.Read, 30);
        bed.ScalableContext(Device);
        bed.SetPasidEntry(Device, 5, VtdTestBed.FirstStageEntry(tables.RootAddress, 4, did: 1));
        bed.Enable();
        Assert.Equal(FaultReason.ScalableFirstStagePagingEntryReservedBitSet, bed.Translate(Device, 0x1000, pasid: 5).Reason);
    }

    [Fact]
    public void Nested_needs_ecap_nest()
    {
        var bed = new VtdTestBed(scalable: true, new VtdCapabilities { Nested = false });
        bed.ScalableContext(Device);
        bed.SetPasidEntry(Device, 5, VtdTestBed.NestedEntry(0x1000, 4, 0x2000, 4, did: 1));
        bed.Enable();
        Assert.Equal(FaultReason.ScalablePasidEntryInvalid, bed.Translate(Device, 0x1000, pasid: 5).Reason);
    }

    private static VtdTestBed SupervisorBed(bool wpe, bool smep)
    {
        var bed = new VtdTestBed(scalable: true);
        var tables = bed.Tables(VtdTableFormat.FirstStage, 4);
        tables.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read);                        // user, read-only
        tables.Map(0x2000, 0x5000_1000, 0x1000, IommuProt.Read | IommuProt.Write, user: false); // supervisor
        bed.ScalableContext(Device);
        var pe = VtdTestBed.FirstStageEntry(tables.RootAddress, 4, did: 1);
        pe.SupervisorRequestEnable = true;
        pe.ExecuteRequestEnable = true;
        pe.WriteProtectEnable = wpe;
        pe.SupervisorModeExecutePrevention = smep;
        bed.SetPasidEntry(Device, 5, pe);
        bed.Enable();
        return bed;
    }

    [Fact]
    public void Supervisor_writes_ignore_read_only_pages_unless_wpe()
    {
        Assert.True(SupervisorBed(wpe: false, smep: false).Translate(Device, 0x1000, AccessKind.Write, 5, privileged: true).IsTranslated);
        Assert.Equal(FaultReason.ScalableWriteDenied, SupervisorBed(wpe: true, smep: false).Translate(Device, 0x1000, AccessKind.Write, 5, privileged: true).Reason);
        Assert.Equal(FaultReason.ScalableWriteDenied, SupervisorBed(wpe: false, smep: false).Translate(Device, 0x1000, AccessKind.Write, 5).Reason);
    }

    [Fact]
    public void Supervisor_pages_serve_supervisor_requests_only()
    {
        var bed = SupervisorBed(wpe: false, smep: false);
        Assert.Equal(0x5000_1000UL, bed.Translate(Device, 0x2000, AccessKind.Write, 5, privileged: true).OutputAddress);
        Assert.Equal(FaultReason.ScalableUserAccessToSupervisorPage, bed.Translate(Device, 0x2000, AccessKind.Read, 5).Reason);
    }

    [Fact]
    public void Smep_denies_supervisor_execution_of_user_pages()
    {
        Assert.True(SupervisorBed(wpe: false, smep: false).Translate(Device, 0x1000, AccessKind.Read, 5, privileged: true, execute: true).IsTranslated);
        Assert.Equal(FaultReason.ScalableExecuteDenied, SupervisorBed(wpe: false, smep: true).Translate(Device, 0x1000, AccessKind.Read, 5, privileged: true, execute: true).Reason);
    }
}
