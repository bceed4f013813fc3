using System.Collections.Generic;
using System.Linq;
using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Emulator.Nesting.Iommufd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Nesting.Iommufd;

/// <summary>
/// vEVENTQ delivery: the models' faults reach the guest with its ids, in sequence, and an overflow tells the guest
/// exactly how many it lost (Linux iommufd_viommu_report_event, iommufd_vevent_handler; the numbering rules of
/// include/uapi/linux/iommufd.h struct iommufd_vevent_header).
/// </summary>
public sealed class VeventQueueTests
{
    [Fact]
    public void Queue_allocation_refuses_the_default_type_a_zero_depth_and_a_second_queue_of_a_type()
    {
        // iommufd_veventq_alloc: type DEFAULT -> -EOPNOTSUPP; !veventq_depth -> -EINVAL; same type again -> -EEXIST.
        var f = new IommufdFixture(true);
        Assert.Equal(IommufdErrno.EOPNOTSUPP, f.Viommu.AllocateEventQueue(VeventType.Default, 8).Error!.Errno);
        Assert.Equal(IommufdErrno.EINVAL, f.Viommu.AllocateEventQueue(VeventType.ArmSmmuv3, 0).Error!.Errno);
        Assert.True(f.Viommu.AllocateEventQueue(VeventType.ArmSmmuv3, 8).Succeeded);
        Assert.Equal(IommufdErrno.EEXIST, f.Viommu.AllocateEventQueue(VeventType.ArmSmmuv3, 8).Error!.Errno);
    }

    [Fact]
    public void Smmuv3_a_stage1_fault_reaches_the_guest_with_its_virtual_StreamID_a_stage2_fault_does_not()
    {
        var f = new IommufdFixture(true);
        var q = f.Viommu.AllocateEventQueue(VeventType.ArmSmmuv3, 8).Expect();
        f.Attached();
        f.Guest.Map(IommufdFixture.Gva + 0x2000, 0x50_0000, 0x1000, IommuProt.Read); // a GPA the parent does not map
        Assert.False(f.Context.Dma(f.PhysicalId, IommufdFixture.Gva + 0x9000, AccessKind.Read).Ok);
        Assert.False(f.Context.Dma(f.PhysicalId, IommufdFixture.Gva + 0x2000, AccessKind.Read).Ok);

        // iommu_vevent_arm_smmuv3: the event record with StreamID = the vSID (arm_vmaster_report_event); stage-2
        // faults (S2 = 1) stay with the host (arm_smmu_handle_event forwards only S2 = 0 to the vmaster).
        var e = Assert.Single(q.Read());
        Assert.Equal((false, 0u, f.VirtualId), (e.LostEvents, e.Sequence, e.VirtualId));
        var record = EventRecord.FromWords(e.Data);
        Assert.Equal(EventType.F_TRANSLATION, record.EventID);
        Assert.Equal(f.VirtualId, record.StreamID);
        Assert.Equal(IommufdFixture.Gva + 0x9000, record.InputAddr);
    }

    [Fact]
    public void Vtd_a_first_stage_fault_reaches_the_guest_with_its_virtual_requester_id()
    {
        var f = new IommufdFixture(false);
        var q = f.Viommu.AllocateEventQueue(VeventType.IntelVtdModel, 8).Expect();
        f.Attached();
        Assert.False(f.Context.Dma(f.PhysicalId, IommufdFixture.Gva + 0x9000, AccessKind.Read).Ok);
        var e = Assert.Single(q.Read());
        var record = FaultRecord.FromWords(e.Data);
        Assert.Equal((ushort)f.VirtualId, record.SourceId);
        // VT-d fault reason 0x71 (SFL.2, Linux dmar.c: "SM: Present bit in first-level paging entry is clear").
        Assert.Equal((byte)0x71, record.Fr);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_flood_leaves_depth_events_and_one_lost_header_from_which_the_guest_counts_exactly_what_it_lost(bool smmu)
    {
        const int depth = 4;
        const int faults = 10;
        var f = new IommufdFixture(smmu);
        var q = f.Viommu.AllocateEventQueue(smmu ? VeventType.ArmSmmuv3 : VeventType.IntelVtdModel, depth).Expect();
        f.Attached();
        Flood(f, faults, first: 1);

        var read = q.Read();
        // include/uapi/linux/iommufd.h: events 0..depth-1 are kept; the lost events (sequence depth..faults-1) leave one
        // LOST_EVENTS header at the tail carrying the last lost one's sequence, with no data.
        Assert.Equal(Enumerable.Range(0, depth).Select(i => (uint)i), read.Take(depth).Select(e => e.Sequence));
        Assert.All(read.Take(depth), e => Assert.False(e.LostEvents));
        var header = read[depth];
        Assert.Equal((true, (uint)(faults - 1)), (header.LostEvents, header.Sequence));
        Assert.Empty(header.Data);
        Assert.Equal(depth + 1, read.Count);
        Assert.Equal(faults - depth, GuestCountsLost(read));

        // Numbering goes on: the next event is number `faults`, and nothing more is lost.
        Flood(f, 1, first: 20);
        var next = Assert.Single(q.Read());
        Assert.Equal((false, (uint)faults), (next.LostEvents, next.Sequence));
    }

    [Fact]
    public void When_a_slot_frees_the_next_event_replaces_the_lost_header_and_the_sequence_gap_tells_the_loss()
    {
        // iommufd_vevent_handler: the lost-events header is removed from the tail when a new node is added; the
        // guest then learns the loss from the gap (delta - 1 events lost, struct iommufd_vevent_header).
        var f = new IommufdFixture(true);
        var q = f.Viommu.AllocateEventQueue(VeventType.ArmSmmuv3, 4).Expect();
        f.Attached();
        Flood(f, 10, first: 1);
        var firstTwo = q.Read(2);
        Flood(f, 1, first: 30);
        var rest = q.Read();
        Assert.Equal(new uint[] { 2, 3, 10 }, rest.Select(e => e.Sequence));
        Assert.DoesNotContain(rest, e => e.LostEvents);
        Assert.Equal(6, GuestCountsLost([.. firstTwo, .. rest]));
    }

    [Fact]
    public void Events_go_to_the_vm_of_the_device_even_when_both_vms_use_the_same_virtual_id()
    {
        var f = new IommufdFixture(true);
        var q1 = f.Viommu.AllocateEventQueue(VeventType.ArmSmmuv3, 8).Expect();
        f.Attached();
        var vm2 = f.Host.CreateStage2Domain(2, 48);
        vm2.Map(0, IommufdFixture.Ram, 0x40_0000, IommuProt.Read | IommuProt.Write);
        var v2 = f.Context.AllocateViommu(vm2, ViommuType.ArmSmmuv3).Expect();
        var q2 = v2.AllocateEventQueue(VeventType.ArmSmmuv3, 8).Expect();
        var d2 = v2.AllocateVdevice(5, f.VirtualId).Expect();
        var g2 = new GuestStage1Tables(vm2, 0x10_0000, 0x20_0000);
        g2.Map(IommufdFixture.Gva, 0x1000, 0x1000, IommuProt.Read);
        Assert.True(v2.Attach(d2, v2.AllocateNestedDomain(d2, f.GuestData(g2)).Expect()).Succeeded);

        Assert.False(f.Context.Dma(5, IommufdFixture.Gva + 0x7000, AccessKind.Read).Ok);
        Assert.Empty(q1.Read());
        Assert.Equal(IommufdFixture.Gva + 0x7000, EventRecord.FromWords(Assert.Single(q2.Read()).Data).InputAddr);
    }

    [Fact]
    public void Without_a_queue_the_event_is_dropped_not_kept_for_later()
    {
        // iommufd_viommu_report_event: no vEVENTQ of the type -> -EOPNOTSUPP, the event is not stored.
        var f = new IommufdFixture(true);
        f.Attached();
        Assert.False(f.Context.Dma(f.PhysicalId, IommufdFixture.Gva + 0x9000, AccessKind.Read).Ok);
        var q = f.Viommu.AllocateEventQueue(VeventType.ArmSmmuv3, 8).Expect();
        Assert.Equal(0, f.Context.DeliverEvents());
        Assert.Empty(q.Read());
    }

    /// <summary>Faults <paramref name="count"/> distinct unmapped guest pages, starting at page <paramref name="first"/> after the mapped one.</summary>
    private static void Flood(IommufdFixture f, int count, int first)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.False(f.Context.Dma(f.PhysicalId, IommufdFixture.Gva + ((ulong)(first + i) * 0x1000), AccessKind.Read).Ok);
        }
    }

    /// <summary>
    /// The guest's accounting, from the uAPI's words alone: between two adjacent events delta − 1 were lost; a
    /// LOST_EVENTS header carries the last lost event's number, so it adds its delta.
    /// </summary>
    private static long GuestCountsLost(IReadOnlyList<Vevent> read)
    {
        long lost = 0;
        long? previous = null;
        foreach (var e in read)
        {
            if (previous is { } p)
            {
                lost += e.Sequence - p - (e.LostEvents ? 0 : 1);
            }

            previous = e.Sequence;
        }

        return lost;
    }
}
