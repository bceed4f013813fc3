using IommuLayouts.Emulator.Memory;
using IommuLayouts.Specs.Smmuv3;
using Xunit;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// Event queue pointers (Linux Q_IDX/Q_WRP/Q_OVF: index = bits [LOG2SIZE-1:0], wrap = bit LOG2SIZE, overflow = bit 31;
/// arm_smmu_evtq_thread acknowledges an overflow by copying PROD.OVF into CONS).
/// </summary>
public class EventQueueTests
{
    // Invalid STEs: every translation of StreamID n is a C_BAD_STE event naming n.
    private static void Fault(Smmuv3TestBed bed, uint sid) => Assert.Equal(EventType.C_BAD_STE, bed.Read(sid, 0).EventType);

    [Fact]
    public void Producer_wraps_and_toggles_the_wrap_bit()
    {
        var bed = new Smmuv3TestBed(eventLog2: 1); // two entries
        Fault(bed, 1);
        Fault(bed, 2);
        Assert.Equal(0b10u, bed.R32(R.EventqProd)); // index 0, wrap 1
        var first = bed.DrainEvents();
        Assert.Equal([1u, 2u], first.ConvertAll(e => e.StreamID));
        Fault(bed, 3);
        Assert.Equal(0b11u, bed.R32(R.EventqProd));
        Assert.Equal([3u], bed.DrainEvents().ConvertAll(e => e.StreamID));
    }

    [Fact]
    public void Full_queue_loses_events_and_toggles_PROD_OVF_once_until_acknowledged()
    {
        var bed = new Smmuv3TestBed(eventLog2: 1);
        Fault(bed, 1);
        Fault(bed, 2);
        Fault(bed, 3); // lost
        Fault(bed, 4); // lost, still the same overflow
        Assert.Equal(0x8000_0002u, bed.R32(R.EventqProd));
        Assert.Equal(2, bed.Smmu.LostEvents);
        Assert.Equal(0u, bed.R32(R.Gerror) & 4); // not QEMU's EVTQ_ABT_ERR

        // Software drains and acknowledges (CONS.OVACKFLG = PROD.OVF); the next overflow toggles OVF back.
        Assert.Equal([1u, 2u], bed.DrainEvents().ConvertAll(e => e.StreamID));
        bed.W32(R.EventqCons, bed.R32(R.EventqCons) | 0x8000_0000);
        Fault(bed, 5);
        Fault(bed, 6);
        Fault(bed, 7);
        Assert.Equal(0u, bed.R32(R.EventqProd) & 0x8000_0000);
    }

    [Fact]
    public void Disabled_event_queue_records_nothing()
    {
        var bed = new Smmuv3TestBed();
        bed.W32(R.Cr0, 0x9); // SMMUEN | CMDQEN
        var r = bed.Read(1, 0);
        Assert.Equal(EventType.C_BAD_STE, r.EventType);
        Assert.False(r.EventRecorded);
        Assert.Equal(0u, bed.R32(R.EventqProd));
    }

    [Fact]
    public void Abort_writing_the_event_queue_sets_EVTQ_ABT_ERR()
    {
        var bed = new Smmuv3TestBed();
        bed.Memory.AddFaultRegion(Smmuv3TestBed.EventQueue, 32, MemoryFaults.Write);
        Assert.False(bed.Read(1, 0).EventRecorded);
        Assert.Equal(4u, bed.R32(R.Gerror) & 4);
        Assert.Equal(0u, bed.R32(R.EventqProd));
    }
}
