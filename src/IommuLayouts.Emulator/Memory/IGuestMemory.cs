using System;

namespace IommuLayouts.Emulator.Memory;

/// <summary>
/// Little-endian guest physical memory as an I/O MMU sees it. Every access reports success or failure;
/// a failure is an external abort (a bus error the model turns into an architected fault), never an exception.
/// </summary>
/// <remarks>
/// Aligned 64-bit and 32-bit accesses are single-copy atomic, as the architecture requires for descriptor
/// fetches (Arm ARM B2.2 single-copy atomicity; Linux io-pgtable-arm.c relies on it with READ_ONCE/WRITE_ONCE
/// on PTEs). Unaligned and span accesses are not atomic. Misuse of the API (a span longer than the address
/// space) fails like an abort rather than throwing.
/// </remarks>
public interface IGuestMemory
{
    /// <summary>Reads 8 bytes at <paramref name="address"/>; false (and <paramref name="value"/> = 0) on an external abort.</summary>
    bool TryReadUInt64(ulong address, out ulong value);

    /// <summary>Writes 8 bytes at <paramref name="address"/>; false on an external abort (nothing is written).</summary>
    bool TryWriteUInt64(ulong address, ulong value);

    /// <summary>Reads 4 bytes at <paramref name="address"/>; false (and <paramref name="value"/> = 0) on an external abort.</summary>
    bool TryReadUInt32(ulong address, out uint value);

    /// <summary>Writes 4 bytes at <paramref name="address"/>; false on an external abort (nothing is written).</summary>
    bool TryWriteUInt32(ulong address, uint value);

    /// <summary>
    /// Atomically replaces the aligned 8 bytes at <paramref name="address"/> with <paramref name="desired"/> if they
    /// equal <paramref name="expected"/> (the primitive for hardware Access flag / dirty-state updates).
    /// Returns false on an external abort; <paramref name="observed"/> is the value found (equal to
    /// <paramref name="expected"/> when the exchange happened).
    /// </summary>
    bool TryCompareExchangeUInt64(ulong address, ulong expected, ulong desired, out ulong observed);

    /// <summary>Fills <paramref name="destination"/> from <paramref name="address"/>; false if any byte aborts.</summary>
    bool TryRead(ulong address, Span<byte> destination);

    /// <summary>Writes <paramref name="source"/> at <paramref name="address"/>; false (and nothing written) if any byte aborts.</summary>
    bool TryWrite(ulong address, ReadOnlySpan<byte> source);
}
