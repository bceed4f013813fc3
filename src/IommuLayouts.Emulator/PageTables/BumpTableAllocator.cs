using System;
using System.Numerics;
using IommuLayouts.Emulator.Memory;

namespace IommuLayouts.Emulator.PageTables;

/// <summary>Allocates tables upwards from a start address and never frees (enough for tests, scenarios and tools).</summary>
public sealed class BumpTableAllocator : ITableAllocator
{
    private readonly IGuestMemory _memory;
    private readonly ulong _limit;
    private ulong _next;

    /// <summary>Allocates from <c>[start, limit)</c> of <paramref name="memory"/>, zeroing what it hands out.</summary>
    public BumpTableAllocator(IGuestMemory memory, ulong start, ulong limit)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (limit <= start)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), "The limit must be above the start.");
        }

        _memory = memory;
        _next = start;
        _limit = limit;
    }

    /// <summary>The next free address.</summary>
    public ulong Next => _next;

    /// <inheritdoc/>
    public ulong Allocate(ulong size, ulong alignment)
    {
        if (size == 0 || !BitOperations.IsPow2(alignment))
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), "Give a non-zero size and a power-of-two alignment.");
        }

        var address = (_next + alignment - 1) & ~(alignment - 1);
        if (address < _next || address + size > _limit || address + size < address)
        {
            throw new InvalidOperationException($"Table allocator exhausted: 0x{size:x} bytes do not fit below 0x{_limit:x}.");
        }

        Span<byte> zeros = stackalloc byte[512];
        for (var offset = 0UL; offset < size; offset += (ulong)zeros.Length)
        {
            var chunk = (int)Math.Min((ulong)zeros.Length, size - offset);
            if (!_memory.TryWrite(address + offset, zeros[..chunk]))
            {
                throw new InvalidOperationException($"Cannot zero a table at 0x{address + offset:x}: the memory aborts writes there.");
            }
        }

        _next = address + size;
        return address;
    }
}
