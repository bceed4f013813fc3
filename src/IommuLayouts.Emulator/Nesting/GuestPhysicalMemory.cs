using System;
using IommuLayouts.Emulator.Memory;

namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// The guest's view of memory: guest-physical addresses, reaching host memory through a <see cref="HostStage2Domain"/>'s
/// mappings (as the guest's CPU would through its own stage 2). Guest table builders write through it. Accesses to an
/// unmapped GPA fail like an absent region.
/// </summary>
public sealed class GuestPhysicalMemory : IGuestMemory
{
    private readonly HostStage2Domain _domain;

    internal GuestPhysicalMemory(HostStage2Domain domain) => _domain = domain;

    private IGuestMemory Host => _domain.Owner.Memory;

    /// <inheritdoc/>
    public bool TryReadUInt64(ulong address, out ulong value)
    {
        if (Map(address, 8) is { } hpa)
        {
            return Host.TryReadUInt64(hpa, out value);
        }

        value = 0;
        return false;
    }

    /// <inheritdoc/>
    public bool TryWriteUInt64(ulong address, ulong value) => Map(address, 8) is { } hpa && Host.TryWriteUInt64(hpa, value);

    /// <inheritdoc/>
    public bool TryReadUInt32(ulong address, out uint value)
    {
        if (Map(address, 4) is { } hpa)
        {
            return Host.TryReadUInt32(hpa, out value);
        }

        value = 0;
        return false;
    }

    /// <inheritdoc/>
    public bool TryWriteUInt32(ulong address, uint value) => Map(address, 4) is { } hpa && Host.TryWriteUInt32(hpa, value);

    /// <inheritdoc/>
    public bool TryCompareExchangeUInt64(ulong address, ulong expected, ulong desired, out ulong observed)
    {
        if (Map(address, 8) is { } hpa)
        {
            return Host.TryCompareExchangeUInt64(hpa, expected, desired, out observed);
        }

        observed = 0;
        return false;
    }

    /// <inheritdoc/>
    public bool TryRead(ulong address, Span<byte> destination)
    {
        // Page by page: a GPA range may be backed by discontiguous host ranges.
        var done = 0;
        while (done < destination.Length)
        {
            var a = address + (ulong)done;
            var chunk = (int)Math.Min((ulong)(destination.Length - done), ToPageEnd(a));
            if (Map(a, chunk) is not { } hpa || !Host.TryRead(hpa, destination.Slice(done, chunk)))
            {
                return false;
            }

            done += chunk;
        }

        return true;
    }

    /// <inheritdoc/>
    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        var done = 0;
        while (done < source.Length)
        {
            var a = address + (ulong)done;
            var chunk = (int)Math.Min((ulong)(source.Length - done), ToPageEnd(a));
            if (Map(a, chunk) is not { } hpa || !Host.TryWrite(hpa, source.Slice(done, chunk)))
            {
                return false;
            }

            done += chunk;
        }

        return true;
    }

    private ulong? Map(ulong gpa, int size) =>
        _domain.TryTranslate(gpa, out var hpa, out _) && _domain.TryTranslate(gpa + (ulong)size - 1, out var last, out _) && last == hpa + (ulong)size - 1
            ? hpa
            : null;

    /// <summary>Bytes from <paramref name="address"/> to the end of its 4 KiB page (the stage-2 mapping granule).</summary>
    private static ulong ToPageEnd(ulong address) => SparseGuestMemory.PageSize - (address % SparseGuestMemory.PageSize);
}
