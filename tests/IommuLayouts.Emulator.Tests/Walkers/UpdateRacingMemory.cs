using System;
using IommuLayouts.Emulator.Memory;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Walkers;

/// <summary>
/// Memory where another agent (a CPU editing the tables) changes one word between a walker's read of it and the walker's
/// compare-exchange: before each of the first <paramref name="races"/> compare-exchanges at <paramref name="address"/> the
/// word is replaced by <c>interfere(current)</c>, so the exchange sees a value it did not expect.
/// </summary>
internal sealed class UpdateRacingMemory(IGuestMemory inner, ulong address, int races, Func<ulong, ulong> interfere) : IGuestMemory
{
    /// <summary>How many compare-exchanges reached <c>address</c>.</summary>
    public int Exchanges { get; private set; }

    public bool TryCompareExchangeUInt64(ulong target, ulong expected, ulong desired, out ulong observed)
    {
        if (target == address)
        {
            if (Exchanges++ < races)
            {
                Assert.True(inner.TryReadUInt64(target, out var current));
                Assert.True(inner.TryWriteUInt64(target, interfere(current)));
            }
        }

        return inner.TryCompareExchangeUInt64(target, expected, desired, out observed);
    }

    public bool TryReadUInt64(ulong a, out ulong value) => inner.TryReadUInt64(a, out value);

    public bool TryWriteUInt64(ulong a, ulong value) => inner.TryWriteUInt64(a, value);

    public bool TryReadUInt32(ulong a, out uint value) => inner.TryReadUInt32(a, out value);

    public bool TryWriteUInt32(ulong a, uint value) => inner.TryWriteUInt32(a, value);

    public bool TryRead(ulong a, Span<byte> destination) => inner.TryRead(a, destination);

    public bool TryWrite(ulong a, ReadOnlySpan<byte> source) => inner.TryWrite(a, source);
}
