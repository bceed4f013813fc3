using System.Linq;
using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Emulator.Nesting.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Nesting;

/// <summary>Guest invalidation batches (Linux arm_vsmmu_cache_invalidate, intel_nested_cache_invalidate_user) and guest-side events.</summary>
public sealed class InvalidationAndEventTests
{
    private const ulong Ram = 0x1_0000_0000;

    private static (NestingIommu Host, HostStage2Domain Vm, GuestStage1Tables Guest, NestedEndpoint Ep) Bound(bool smmu)
    {
        NestingIommu host = smmu ? new Smmuv3NestingIommu() : new VtdNestingIommu();
        var vm = host.CreateStage2Domain(1, 48);
        vm.Map(0, Ram, 0x40_0000, IommuProt.Read | IommuProt.Write);
        var g = new GuestStage1Tables(vm, 0x10_0000, 0x20_0000);
        g.Map(0x8000_0000, 0x1000, 0x1000, IommuProt.Read | IommuProt.Write);
        var ep = smmu ? new NestedEndpoint(1, 0x11) : new NestedEndpoint(0x0008, 0x0088);
        Assert.True(host.Bind(ep, vm, g.BindConfig()).Succeeded);
        return (host, vm, g, ep);
    }

    [Fact]
    public void Smmuv3_each_accepted_command_passes_and_the_stale_entry_goes()
    {
        var (h, vm, g, ep) = Bound(true);
        Assert.Equal(Ram + 0x1010, h.Translate(1, 0x8000_0010, AccessKind.Read).Output);
        g.Unmap(0x8000_0000);
        g.Map(0x8000_0000, 0x3000, 0x1000, IommuProt.Read);
        Assert.Equal(Ram + 0x1010, h.Translate(1, 0x8000_0010, AccessKind.Read).Output); // stale in the TLB

        // Opcodes from Linux arm-smmu-v3.h CMDQ_OP_*; the guest's VMID field (0x7) is overwritten by the host's.
        Smmuv3GuestCommand[] batch =
        [
            new(0x12UL | (0x7UL << 32) | (1UL << 48), 0x8000_0000UL | 1), // TLBI_NH_VA ASID 1
            new(0x13UL, 0x8000_0000UL),                                   // TLBI_NH_VAA
            new(0x11UL | (1UL << 48), 0),                                 // TLBI_NH_ASID
            new(0x10UL, 0),                                               // TLBI_NH_ALL
            new(0x30UL, 0),                                               // TLBI_NSNH_ALL -> NH_ALL
            new(0x05UL | (0x11UL << 32), 1),                              // CFGI_CD vSID 0x11
            new(0x06UL | (0x11UL << 32), 0),                              // CFGI_CD_ALL vSID 0x11
            new(0x40UL | (0x11UL << 32), 0x3F),                           // ATC_INV vSID 0x11, everything
        ];
        var r = h.InvalidateGuest(new Smmuv3Invalidation(vm, batch));
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal(8, r.Done);
        Assert.Equal(Ram + 0x3010, h.Translate(1, 0x8000_0010, AccessKind.Read).Output);
    }

    [Fact]
    public void Smmuv3_a_bad_command_stops_the_batch_with_the_count()
    {
        var (h, vm, _, _) = Bound(true);
        var r = h.InvalidateGuest(new Smmuv3Invalidation(vm, [new(0x10UL, 0), new(0x03UL | (1UL << 32), 1), new(0x10UL, 0)])); // CFGI_STE is the host's
        Assert.Equal(1, r.Done);
        Assert.Contains("0x03", r.Error, System.StringComparison.Ordinal);
        var unknownSid = h.InvalidateGuest(new Smmuv3Invalidation(vm, [new(0x05UL | (0x99UL << 32), 0)]));
        Assert.Equal(0, unknownSid.Done);
        Assert.Contains("virtual StreamID 153", unknownSid.Error, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_length_batch_tells_whether_a_kind_is_supported()
    {
        var (smmu, smmuVm, _, smmuEp) = Bound(true);
        var (vtd, vtdVm, _, vtdEp) = Bound(false);
        Assert.True(smmu.InvalidateGuest(new Smmuv3Invalidation(smmuVm, [])).Succeeded);
        Assert.False(smmu.InvalidateGuest(new VtdStage1Invalidation(smmuEp, System.Array.Empty<VtdGuestInvalidation>())).Succeeded);
        Assert.True(vtd.InvalidateGuest(new VtdStage1Invalidation(vtdEp, System.Array.Empty<VtdGuestInvalidation>())).Succeeded);
        Assert.False(vtd.InvalidateGuest(new Smmuv3Invalidation(vtdVm, System.Array.Empty<Smmuv3GuestCommand>())).Succeeded);
    }

    [Fact]
    public void Vtd_ranges_pass_and_a_bad_one_stops_the_batch()
    {
        var (h, _, g, ep) = Bound(false);
        Assert.Equal(Ram + 0x1010, h.Translate(ep.HostId, 0x8000_0010, AccessKind.Read).Output);
        g.Unmap(0x8000_0000);
        g.Map(0x8000_0000, 0x3000, 0x1000, IommuProt.Read);
        Assert.Equal(Ram + 0x1010, h.Translate(ep.HostId, 0x8000_0010, AccessKind.Read).Output);
        var ok = h.InvalidateGuest(new VtdStage1Invalidation(ep, [new(0x8000_0000, 1, VtdGuestInvalidation.Leaf), new(0x8000_0000, 3), VtdGuestInvalidation.All]));
        Assert.Equal(3, ok.Done);
        Assert.Equal(Ram + 0x3010, h.Translate(ep.HostId, 0x8000_0010, AccessKind.Read).Output);

        Assert.Equal(1, h.InvalidateGuest(new VtdStage1Invalidation(ep, [new(0x1000, 1), new(0x1800, 1), new(0x1000, 1)])).Done);         // misaligned
        Assert.Equal(0, h.InvalidateGuest(new VtdStage1Invalidation(ep, [new(0x1000, ulong.MaxValue)])).Done);                             // "all" needs addr 0
        var flags = h.InvalidateGuest(new VtdStage1Invalidation(ep, [new(0, 1), new(0, 1, 2)]));                                            // only LEAF
        Assert.Equal(1, flags.Done);
        Assert.NotNull(flags.Error);
    }

    [Fact]
    public void Smmuv3_stage1_events_reach_the_guest_with_the_vSID_stage2_ones_do_not()
    {
        var (h, _, g, _) = Bound(true);
        g.Map(0x8000_2000, 0x50_0000, 0x1000, IommuProt.Read); // GPA not mapped by the host
        Assert.Equal(NestedFaultClass.Stage1Translation, h.Translate(1, 0x8000_9000, AccessKind.Read).FaultClass);
        Assert.Equal(NestedFaultClass.Stage2Translation, h.Translate(1, 0x8000_2000, AccessKind.Read).FaultClass);
        var e = Assert.Single(h.DrainGuestEvents());
        var record = EventRecord.FromWords(e.Words);
        Assert.Equal(0x11u, record.StreamID);
        Assert.Equal(EventType.F_TRANSLATION, record.EventID);
        Assert.Equal(0x8000_9000UL, record.InputAddr);
    }

    [Fact]
    public void Vtd_stage1_faults_reach_the_guest_with_its_source_id()
    {
        var (h, _, g, ep) = Bound(false);
        g.Map(0x8000_2000, 0x50_0000, 0x1000, IommuProt.Read);
        Assert.Equal(NestedFaultClass.Stage1Translation, h.Translate(ep.HostId, 0x8000_9000, AccessKind.Read).FaultClass);
        Assert.Equal(NestedFaultClass.Stage2Translation, h.Translate(ep.HostId, 0x8000_2000, AccessKind.Read).FaultClass);
        var e = Assert.Single(h.DrainGuestEvents());
        var record = FaultRecord.FromWords(e.Words);
        Assert.Equal((ushort)0x0088, record.SourceId);
        Assert.Equal((byte)FaultReason.ScalableFirstStagePagingEntryNotPresent, record.Fr);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_stage2_fault_while_fetching_a_guest_table_is_the_hosts_and_stays_with_the_host(bool smmu)
    {
        // The host unmaps the guest RAM holding its stage-1 tables: the walk faults in stage 2 on its first table
        // fetch. SMMUv3 reports that with S2 = 1, CLASS = TT (Linux arm-smmu-v3.h EVTQ_1_S2, EVTQ_1_CLASS); on VT-d it is
        // the second stage's fault. Either way it is the host's fault and the guest hears nothing of it.
        var (h, vm, _, ep) = Bound(smmu);
        vm.Unmap(0, 0x40_0000);
        var untraced = h.Translate(ep.HostId, 0x8000_0010, AccessKind.Read);
        var traced = h.Translate(ep.HostId, 0x8000_0010, AccessKind.Read, trace: new WalkTraceRecorder());
        Assert.Equal(NestedFaultClass.Stage2Translation, untraced.FaultClass);
        Assert.Equal(NestedFaultClass.Stage2Translation, traced.FaultClass);
        Assert.Empty(h.DrainGuestEvents());
    }
}
