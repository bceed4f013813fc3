using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// Queue mechanics and errors: the wait descriptor's status write and IWC (Linux qi_submit_sync polls STDATA at
/// STADDR), and malformed descriptors that set FSTS.IQE with the reason in IQERCD.IQEI (VirtualBox VTD_IQEI_*),
/// stopping the queue with IQH at the bad descriptor so that nothing after it runs.
/// </summary>
public sealed class InvalidationQueueTests
{
    private const ulong Status = 0x3000_0000;

    private static ulong[] Wait(uint data, bool interrupt = false)
    {
        var d = new InvalidationWaitDescriptor { TypeLow = 5, StatusWrite = true, StatusData = data, StatusAddress = Status, InterruptFlag = interrupt };
        return [d.GetWord(0), d.GetWord(1)];
    }

    private static uint StatusWord(VtdTestBed bed)
    {
        Assert.True(bed.Memory.TryReadUInt32(Status, out var v));
        return v;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Wait_descriptor_writes_its_status_and_sets_iwc(bool wide)
    {
        var bed = new VtdTestBed(scalable: true);
        bed.EnableQueue(wide);
        bed.Submit(Wait(0x1234_5678, interrupt: true));
        Assert.Equal(0x1234_5678u, StatusWord(bed));
        Assert.Equal(1UL, bed.Vtd.ReadRegister(0x9C, 32)); // ICS.IWC
        Assert.Equal((ulong)(wide ? 32 : 16), bed.QueueHead);
        Assert.Equal(0u, bed.Fsts & 0x10);
        Assert.True(bed.Vtd.WriteRegister(0x9C, 1, 32));
        Assert.Equal(0UL, bed.Vtd.ReadRegister(0x9C, 32));
    }

    private static void AssertStopped(VtdTestBed bed, InvalidationQueueErrorInfo info, ulong head)
    {
        Assert.Equal(0x10u, bed.Fsts & 0x10); // IQE
        Assert.Equal((ulong)info, bed.Vtd.ReadRegister(0xB0, 64) & 0xF);
        Assert.Equal(head, bed.QueueHead);
        Assert.Equal(0u, StatusWord(bed)); // the wait descriptor behind the bad one did not run
    }

    [Fact]
    public void Unknown_type_stops_the_queue_at_the_bad_descriptor()
    {
        var bed = new VtdTestBed(scalable: true);
        bed.EnableQueue(wide: false);
        bed.Submit(Wait(0));            // index 0: fine (writes 0)
        bed.Submit([0xB, 0], Wait(1));  // index 1: type 0xB does not exist
        AssertStopped(bed, InvalidationQueueErrorInfo.InvalidDescriptorType, 16);
    }

    [Fact]
    public void Reserved_bit_stops_the_queue()
    {
        var bed = new VtdTestBed(scalable: true);
        bed.EnableQueue(wide: false);
        var d = new IotlbInvalidateDescriptor { TypeLow = 2, Granularity = IotlbGranularity.Global };
        bed.Submit([d.GetWord(0) | (1UL << 8), 0], Wait(1)); // bit 8 reserved (QEMU VTD_INV_DESC_IOTLB_RSVD_LO)
        AssertStopped(bed, InvalidationQueueErrorInfo.ReservedFieldViolation, 0);
    }

    [Fact]
    public void Reserved_granularity_stops_the_queue()
    {
        var bed = new VtdTestBed(scalable: true);
        bed.EnableQueue(wide: true);
        var d = new PasidCacheInvalidateDescriptor { TypeLow = 7 };
        bed.Submit([d.GetWord(0) | (2UL << 4), 0, 0, 0], Wait(1)); // PASID-cache G = 2 is reserved (QEMU rejects it)
        AssertStopped(bed, InvalidationQueueErrorInfo.ReservedFieldViolation, 0);
    }

    [Fact]
    public void Pasid_descriptor_in_a_128_bit_queue_is_a_width_error()
    {
        var bed = new VtdTestBed(scalable: true);
        bed.EnableQueue(wide: false);
        var d = new PasidIotlbInvalidateDescriptor { TypeLow = 6, Granularity = PasidIotlbGranularity.Pasid, Pasid = 5 };
        bed.Submit([d.GetWord(0), d.GetWord(1)], Wait(1));
        AssertStopped(bed, InvalidationQueueErrorInfo.InvalidDescriptorWidth, 0);
    }

    [Fact]
    public void Legacy_descriptor_with_nonzero_upper_words_in_a_256_bit_queue_is_reserved()
    {
        var bed = new VtdTestBed(scalable: true);
        bed.EnableQueue(wide: true);
        var d = new IotlbInvalidateDescriptor { TypeLow = 2, Granularity = IotlbGranularity.Global };
        bed.Submit([d.GetWord(0), d.GetWord(1), 1, 0], Wait(1));
        AssertStopped(bed, InvalidationQueueErrorInfo.ReservedFieldViolation, 0);
    }

    [Fact]
    public void Misaligned_tail_in_a_256_bit_queue_is_an_error()
    {
        var bed = new VtdTestBed(scalable: true);
        bed.EnableQueue(wide: true);
        Assert.True(bed.Vtd.WriteRegister(0x88, 0x10, 64)); // QEMU VTD_IQT_QT_256_RSV_BIT
        Assert.Equal(0x10u, bed.Fsts & 0x10);
        Assert.Equal((ulong)InvalidationQueueErrorInfo.TailMisaligned, bed.Vtd.ReadRegister(0xB0, 64) & 0xF);
    }

    [Fact]
    public void Address_mask_above_mamv_is_an_error()
    {
        var bed = new VtdTestBed(scalable: true);
        bed.EnableQueue(wide: false);
        var d = new IotlbInvalidateDescriptor { TypeLow = 2, Granularity = IotlbGranularity.Page, DomainId = 1, AddressMask = 19 }; // QEMU MAMV 18
        bed.Submit([d.GetWord(0), d.GetWord(1)]);
        AssertStopped(bed, InvalidationQueueErrorInfo.ReservedFieldViolation, 0);
    }

    [Fact]
    public void Clearing_iqe_after_fixing_the_descriptor_resumes_the_queue()
    {
        var bed = new VtdTestBed(scalable: true);
        bed.EnableQueue(wide: false);
        bed.Submit([0xB, 0], Wait(7));
        AssertStopped(bed, InvalidationQueueErrorInfo.InvalidDescriptorType, 0);
        var fixedUp = Wait(9);
        Assert.True(bed.Memory.TryWriteUInt64(bed.QueueBase, fixedUp[0]));
        Assert.True(bed.Memory.TryWriteUInt64(bed.QueueBase + 8, fixedUp[1]));
        Assert.True(bed.Vtd.WriteRegister(0x34, 0x10, 32));
        Assert.Equal(7u, StatusWord(bed));
        Assert.Equal(32UL, bed.QueueHead);
        Assert.Equal(0u, bed.Fsts & 0x10);
    }
}
