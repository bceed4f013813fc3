using System;
using System.Threading.Tasks;
using IommuLayouts.Emulator.Memory;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Memory;

public class SparseGuestMemoryTests
{
    [Fact]
    public void Never_written_memory_reads_as_zero_and_allocates_nothing()
    {
        var m = new SparseGuestMemory();
        Assert.True(m.TryReadUInt64(0x1234_5678_9000, out var v));
        Assert.Equal(0UL, v);
        Assert.True(m.TryReadUInt32(0x40, out var w));
        Assert.Equal(0U, w);
        var bytes = new byte[100];
        bytes.AsSpan().Fill(0xAA);
        Assert.True(m.TryRead(0xFFF0, bytes));
        Assert.All(bytes, b => Assert.Equal(0, b));
        Assert.Equal(0, m.AllocatedPages);
    }

    [Fact]
    public void Words_are_stored_little_endian()
    {
        var m = new SparseGuestMemory();
        Assert.True(m.TryWriteUInt64(0x1000, 0x0807_0605_0403_0201UL));
        var bytes = new byte[8];
        Assert.True(m.TryRead(0x1000, bytes));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, bytes);
        Assert.True(m.TryReadUInt32(0x1004, out var hi));
        Assert.Equal(0x0807_0605U, hi);
        Assert.Equal(1, m.AllocatedPages);
    }

    [Fact]
    public void Unaligned_word_across_a_page_boundary_round_trips()
    {
        var m = new SparseGuestMemory();
        Assert.True(m.TryWriteUInt64(0x1FFD, 0x1122_3344_5566_7788UL));
        Assert.True(m.TryReadUInt64(0x1FFD, out var v));
        Assert.Equal(0x1122_3344_5566_7788UL, v);
        Assert.Equal(2, m.AllocatedPages);
        Assert.True(m.TryWriteUInt32(0x2FFE, 0xDEAD_BEEF));
        Assert.True(m.TryReadUInt32(0x2FFE, out var w));
        Assert.Equal(0xDEAD_BEEFU, w);
    }

    [Fact]
    public void Span_write_spanning_three_pages_reads_back()
    {
        var m = new SparseGuestMemory();
        var data = new byte[2 * SparseGuestMemory.PageSize + 100];
        new Random(7).NextBytes(data);
        Assert.True(m.TryWrite(0x7_0000_0F80, data));
        var back = new byte[data.Length];
        Assert.True(m.TryRead(0x7_0000_0F80, back));
        Assert.Equal(data, back);
    }

    [Fact]
    public void Read_fault_region_aborts_reads_but_not_writes()
    {
        var m = new SparseGuestMemory();
        m.AddFaultRegion(0x5000, 0x1000, MemoryFaults.Read);
        Assert.False(m.TryReadUInt64(0x5008, out var v));
        Assert.Equal(0UL, v);
        Assert.False(m.TryReadUInt32(0x5FFC, out _));
        Assert.True(m.TryWriteUInt64(0x5008, 1));
        Assert.True(m.TryReadUInt64(0x4FF8, out _));
        Assert.True(m.TryReadUInt64(0x6000, out _));
        // A span that only touches the region's last byte still aborts.
        Assert.False(m.TryRead(0x4FF0, new byte[0x11]));
        m.ClearFaultRegions();
        Assert.True(m.TryReadUInt64(0x5008, out v));
        Assert.Equal(1UL, v);
    }

    [Fact]
    public void Write_fault_region_aborts_writes_and_leaves_memory_unchanged()
    {
        var m = new SparseGuestMemory();
        Assert.True(m.TryWriteUInt64(0x9000, 42));
        m.AddFaultRegion(0x9004, 1, MemoryFaults.Write);
        Assert.False(m.TryWriteUInt64(0x9000, 7));
        Assert.False(m.TryWrite(0x8FF8, new byte[16]));
        Assert.False(m.TryCompareExchangeUInt64(0x9000, 42, 7, out _));
        Assert.True(m.TryReadUInt64(0x9000, out var v));
        Assert.Equal(42UL, v);
    }

    [Fact]
    public void Addresses_beyond_52_bits_abort()
    {
        var m = new SparseGuestMemory();
        Assert.False(m.TryReadUInt64(1UL << 52, out _));
        Assert.False(m.TryWriteUInt64(1UL << 52, 1));
        Assert.False(m.TryRead((1UL << 52) - 4, new byte[8]));
        Assert.True(m.TryWriteUInt64((1UL << 52) - 8, 5));
        Assert.True(m.TryReadUInt64((1UL << 52) - 8, out var v));
        Assert.Equal(5UL, v);
    }

    [Fact]
    public void Compare_exchange_replaces_only_the_expected_value()
    {
        var m = new SparseGuestMemory();
        Assert.True(m.TryWriteUInt64(0x100, 3));
        Assert.True(m.TryCompareExchangeUInt64(0x100, 4, 9, out var seen));
        Assert.Equal(3UL, seen);
        Assert.True(m.TryCompareExchangeUInt64(0x100, 3, 9, out seen));
        Assert.Equal(3UL, seen);
        Assert.True(m.TryReadUInt64(0x100, out var v));
        Assert.Equal(9UL, v);
        Assert.False(m.TryCompareExchangeUInt64(0x104, 0, 1, out _));
    }

    [Fact]
    public void Pages_of_two_memories_do_not_mix()
    {
        var a = new SparseGuestMemory();
        var b = new SparseGuestMemory();
        Assert.True(a.TryWriteUInt64(0x3000, 1));
        Assert.True(a.TryReadUInt64(0x3000, out _));
        Assert.True(b.TryReadUInt64(0x3000, out var v));
        Assert.Equal(0UL, v);
    }

    [Fact]
    public void Concurrent_writers_to_one_fresh_page_lose_no_word()
    {
        var m = new SparseGuestMemory();
        Parallel.For(0, 512, i => Assert.True(m.TryWriteUInt64(0xABC_D000 + ((ulong)i * 8), (ulong)i + 1)));
        for (var i = 0; i < 512; i++)
        {
            Assert.True(m.TryReadUInt64(0xABC_D000 + ((ulong)i * 8), out var v));
            Assert.Equal((ulong)i + 1, v);
        }

        Assert.Equal(1, m.AllocatedPages);
    }

    [Fact]
    public async Task Aligned_words_are_never_torn_under_concurrent_writes()
    {
        var m = new SparseGuestMemory();
        const ulong a = 0x1111_1111_1111_1111UL;
        const ulong b = 0x2222_2222_2222_2222UL;
        var stop = false;
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 200_000; i++)
            {
                m.TryWriteUInt64(0x8000, (i & 1) == 0 ? a : b);
            }

            System.Threading.Volatile.Write(ref stop, true);
        });
        while (!System.Threading.Volatile.Read(ref stop))
        {
            Assert.True(m.TryReadUInt64(0x8000, out var v));
            Assert.True(v == 0 || v == a || v == b, $"torn value 0x{v:x}");
        }

        await writer;
    }

    [Fact]
    public void Bad_fault_region_arguments_throw()
    {
        var m = new SparseGuestMemory();
        Assert.Throws<ArgumentOutOfRangeException>(() => m.AddFaultRegion(0, 0, MemoryFaults.Read));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.AddFaultRegion(ulong.MaxValue, 2, MemoryFaults.Read));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.AddFaultRegion(0, 1, MemoryFaults.None));
    }

    [Fact]
    public void Empty_span_access_succeeds_even_with_fault_regions()
    {
        var m = new SparseGuestMemory();
        m.AddFaultRegion(0, 0x1000, MemoryFaults.ReadWrite);
        Assert.True(m.TryRead(0, Span<byte>.Empty));
        Assert.True(m.TryWrite(0, ReadOnlySpan<byte>.Empty));
        Assert.False(m.TryRead(0, new byte[1]));
    }
}
