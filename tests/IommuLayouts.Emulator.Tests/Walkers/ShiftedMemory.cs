using System;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;

namespace IommuLayouts.Emulator.Tests.Walkers;

/// <summary>
/// A guest's view of memory through a flat stage-2 window: IPA <c>ipaBase + x</c> is PA <c>paBase + x</c>. Lets a
/// page-table builder write guest (stage-1) tables at IPAs; independent of the walker under test.
/// </summary>
internal sealed class ShiftedMemory(IGuestMemory inner, ulong ipaBase, ulong paBase) : IGuestMemory
{
    private ulong Pa(ulong ipa) => ipa - ipaBase + paBase;

    public bool TryReadUInt64(ulong address, out ulong value) => inner.TryReadUInt64(Pa(address), out value);

    public bool TryWriteUInt64(ulong address, ulong value) => inner.TryWriteUInt64(Pa(address), value);

    public bool TryReadUInt32(ulong address, out uint value) => inner.TryReadUInt32(Pa(address), out value);

    public bool TryWriteUInt32(ulong address, uint value) => inner.TryWriteUInt32(Pa(address), value);

    public bool TryCompareExchangeUInt64(ulong address, ulong expected, ulong desired, out ulong observed) =>
        inner.TryCompareExchangeUInt64(Pa(address), expected, desired, out observed);

    public bool TryRead(ulong address, Span<byte> destination) => inner.TryRead(Pa(address), destination);

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source) => inner.TryWrite(Pa(address), source);
}

/// <summary>Allocates guest tables at IPAs from the start of a window, zeroing them through the window.</summary>
internal sealed class ShiftedAllocator(IGuestMemory memory, ulong ipaBase, ulong paBase, ulong size) : ITableAllocator
{
    private readonly BumpTableAllocator _inner = new(new ShiftedMemory(memory, ipaBase, paBase), ipaBase, ipaBase + size);

    public ulong Allocate(ulong size, ulong alignment) => _inner.Allocate(size, alignment);
}
