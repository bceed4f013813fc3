using System;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

/// <summary>
/// Descriptors are read 16 bytes at a time when IQA.DW = 0 and 32 bytes when IQA.DW = 1 (QEMU vtd_update_iq_dw,
/// vtd_fetch_inv_desc); both widths decode to the same 256-bit layout.
/// </summary>
public sealed class InvalidationQueueTests
{
    // An IOTLB page-selective descriptor (see InvalidationDescriptorGoldenTests) followed by bytes of the next one.
    private static byte[] QueueBytes()
    {
        var bytes = new byte[48];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0), 0x5_0032UL);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), 0x1234_5042UL);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), 0x37UL);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), 0xAAUL);
        return bytes;
    }

    [Fact]
    public void A_128_bit_descriptor_reads_two_words_and_leaves_words_2_and_3_zero()
    {
        var d = InvalidationQueue.ReadDescriptor<IotlbInvalidateDescriptor>(QueueBytes(), wide: false);
        Assert.Equal(0x5_0032UL, d.GetWord(0));
        Assert.Equal(0x1234_5042UL, d.GetWord(1));
        Assert.Equal(0UL, d.GetWord(2));
        Assert.Equal(0UL, d.GetWord(3));
        ViolationAssert.Valid(d.Validate());
    }

    [Fact]
    public void A_256_bit_descriptor_reads_four_words()
    {
        var d = InvalidationQueue.ReadDescriptor<IotlbInvalidateDescriptor>(QueueBytes(), wide: true);
        Assert.Equal(0x37UL, d.GetWord(2));
        Assert.Equal(0xAAUL, d.GetWord(3));
        // A legacy descriptor's words 2..3 are reserved in 256-bit mode (QEMU applies its masks to all four qwords).
        Assert.Equal("RES0", d.Validate()[0].Rule);
    }

    [Fact]
    public void Dispatch_through_the_generic_descriptor()
    {
        var g = InvalidationQueue.ReadDescriptor<InvalidationDescriptor>(QueueBytes(), wide: false);
        Assert.Equal(InvalidationDescriptorType.Iotlb, g.Type);
    }

    [Fact]
    public void Writing_a_descriptor_in_either_width()
    {
        var d = InvalidationQueue.ReadDescriptor<IotlbInvalidateDescriptor>(QueueBytes(), wide: false);
        var narrow = new byte[16];
        InvalidationQueue.WriteDescriptor(d, narrow, wide: false);
        Assert.Equal(QueueBytes().AsSpan(0, 16).ToArray(), narrow);

        var wide = new byte[32];
        InvalidationQueue.WriteDescriptor(d, wide, wide: true);
        Assert.Equal(QueueBytes().AsSpan(0, 16).ToArray(), wide.AsSpan(0, 16).ToArray());
        Assert.All(wide.AsSpan(16).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Misuse_is_an_argument_exception()
    {
        Assert.Throws<ArgumentException>(() => InvalidationQueue.ReadDescriptor<IotlbInvalidateDescriptor>(new byte[31], wide: true));
        Assert.Throws<ArgumentException>(() => InvalidationQueue.ReadDescriptor<IotlbInvalidateDescriptor>(new byte[15], wide: false));

        var wideOnly = InvalidationQueue.ReadDescriptor<IotlbInvalidateDescriptor>(QueueBytes(), wide: true);
        Assert.Throws<ArgumentException>(() => InvalidationQueue.WriteDescriptor(wideOnly, new byte[16], wide: false));
        Assert.Throws<ArgumentException>(() => InvalidationQueue.WriteDescriptor(wideOnly, new byte[16], wide: true));

        // A 64-bit layout cannot hold a descriptor.
        Assert.Throws<ArgumentException>(() => InvalidationQueue.ReadDescriptor<PasidDirectoryEntry>(QueueBytes(), wide: false));
    }

    [Fact]
    public void Descriptor_sizes()
    {
        Assert.Equal(16, InvalidationQueue.DescriptorSize(false));
        Assert.Equal(32, InvalidationQueue.DescriptorSize(true));
    }
}
