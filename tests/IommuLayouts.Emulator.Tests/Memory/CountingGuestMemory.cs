using System;
using System.Threading;
using IommuLayouts.Emulator.Memory;

namespace IommuLayouts.Emulator.Tests.Memory;

/// <summary>Counts every access a model makes to guest memory (the work a register write or a request costs).</summary>
internal sealed class CountingGuestMemory(IGuestMemory inner) : IGuestMemory
{
    private long _accesses;

    public long Accesses => Interlocked.Read(ref _accesses);

    public void Reset() => Interlocked.Exchange(ref _accesses, 0);

    private void Count() => Interlocked.Increment(ref _accesses);

    public bool TryReadUInt64(ulong address, out ulong value) { Count(); return inner.TryReadUInt64(address, out value); }

    public bool TryWriteUInt64(ulong address, ulong value) { Count(); return inner.TryWriteUInt64(address, value); }

    public bool TryReadUInt32(ulong address, out uint value) { Count(); return inner.TryReadUInt32(address, out value); }

    public bool TryWriteUInt32(ulong address, uint value) { Count(); return inner.TryWriteUInt32(address, value); }

    public bool TryCompareExchangeUInt64(ulong address, ulong expected, ulong desired, out ulong observed)
    {
        Count();
        return inner.TryCompareExchangeUInt64(address, expected, desired, out observed);
    }

    public bool TryRead(ulong address, Span<byte> destination) { Count(); return inner.TryRead(address, destination); }

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source) { Count(); return inner.TryWrite(address, source); }
}
