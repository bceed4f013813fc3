using System;
using IommuLayouts.Emulator.Memory;

namespace IommuLayouts.Emulator.Tests.Memory;

/// <summary>
/// Guest memory that runs an action once, right after the first read that covers an armed address: the reader gets
/// the value from before the action, so a translation walking that address races whatever the action does (a table
/// change and its invalidation).
/// </summary>
internal sealed class RacingMemory(IGuestMemory inner) : IGuestMemory
{
    private Action? _action;
    private ulong _address;

    /// <summary>True once the action has run.</summary>
    public bool Fired { get; private set; }

    /// <summary>Arms <paramref name="action"/> for the next read covering <paramref name="address"/>.</summary>
    public void AfterRead(ulong address, Action action)
    {
        _address = address;
        _action = action;
    }

    public bool TryReadUInt64(ulong address, out ulong value) => After(inner.TryReadUInt64(address, out value), address, 8);

    public bool TryReadUInt32(ulong address, out uint value) => After(inner.TryReadUInt32(address, out value), address, 4);

    public bool TryRead(ulong address, Span<byte> destination) => After(inner.TryRead(address, destination), address, destination.Length);

    public bool TryWriteUInt64(ulong address, ulong value) => inner.TryWriteUInt64(address, value);

    public bool TryWriteUInt32(ulong address, uint value) => inner.TryWriteUInt32(address, value);

    public bool TryCompareExchangeUInt64(ulong address, ulong expected, ulong desired, out ulong observed) =>
        inner.TryCompareExchangeUInt64(address, expected, desired, out observed);

    public bool TryWrite(ulong address, ReadOnlySpan<byte> source) => inner.TryWrite(address, source);

    private bool After(bool result, ulong address, int length)
    {
        if (_action is { } action && _address >= address && _address - address < (ulong)length)
        {
            _action = null;
            Fired = true;
            action();
        }

        return result;
    }
}
