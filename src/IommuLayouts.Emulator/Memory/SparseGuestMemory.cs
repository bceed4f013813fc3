using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace IommuLayouts.Emulator.Memory;

/// <summary>
/// Sparse guest physical memory: 4 KiB pages allocated on first write, never-written memory reads as zero,
/// and regions that abort reads and/or writes. Thread-safe: any number of threads may read and write at once.
/// </summary>
/// <remarks>
/// <para>Performance is the point of the design: a table walk is a chain of dependent 8-byte reads, so a read
/// must cost a few nanoseconds and allocate nothing. Pages live in a 4-level radix of 1024-entry arrays
/// indexed by the page number (address bits 51:42, 41:32, 31:22, 21:12), so a lookup is four dependent array
/// loads with no hashing and no bounds checks. A per-thread last-page cache was tried and dropped: successive
/// descriptor reads of a walk hit different pages, so it missed almost always and its thread-static access made
/// nested walks slower when measured during development (not kept as a benchmark). Pages are
/// <c>ulong[512]</c> so an aligned 8-byte slot can be read and written with <see cref="Volatile"/> and
/// <see cref="Interlocked"/> (single-copy atomic).</para>
/// <para>The physical address space is 52 bits (the largest VMSAv8-64 output size): accesses at or beyond
/// 2^52 abort. Radix nodes and pages are published with <see cref="Interlocked.CompareExchange{T}(ref T, T, T)"/>
/// and never removed, so a reader never sees a torn or recycled page.</para>
/// </remarks>
public sealed class SparseGuestMemory : IGuestMemory
{
    /// <summary>Width of the physical address space in bits.</summary>
    public const int AddressBits = 52;

    /// <summary>log2 of the allocation unit.</summary>
    public const int PageShift = 12;

    /// <summary>The allocation unit in bytes.</summary>
    public const int PageSize = 1 << PageShift;

    private const int RadixBits = 10;
    private const int RadixSize = 1 << RadixBits;
    private const ulong RadixMask = RadixSize - 1;
    private const int WordsPerPage = PageSize / sizeof(ulong);
    private const ulong PageOffsetMask = PageSize - 1;

    // Nullable annotations on four-deep jagged arrays are unreadable; null slots are checked explicitly below.
#nullable disable
    private readonly ulong[][][][][] _root = new ulong[RadixSize][][][][];
#nullable restore
    private readonly Lock _regionLock = new();
    private FaultRegion[] _faultRegions = [];
    private long _allocatedPages;

    /// <summary>Creates an empty memory (every byte reads as zero).</summary>
    public SparseGuestMemory()
    {
        if (!BitConverter.IsLittleEndian)
        {
            // Guest memory is little-endian and pages are stored as host ulongs.
            throw new PlatformNotSupportedException("SparseGuestMemory needs a little-endian host.");
        }
    }

    /// <summary>Number of 4 KiB pages allocated so far.</summary>
    public long AllocatedPages => Interlocked.Read(ref _allocatedPages);

    /// <summary>
    /// Makes accesses of the kinds in <paramref name="faults"/> to <c>[start, start + length)</c> abort.
    /// Regions accumulate; a later region does not undo an earlier one (use <see cref="ClearFaultRegions"/>).
    /// </summary>
    public void AddFaultRegion(ulong start, ulong length, MemoryFaults faults)
    {
        if (length == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "A fault region must cover at least one byte.");
        }

        if (start + length < start)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "The region wraps around the address space.");
        }

        if (faults == MemoryFaults.None || (faults & ~MemoryFaults.ReadWrite) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(faults), faults, "Give Read, Write or ReadWrite.");
        }

        lock (_regionLock)
        {
            var old = _faultRegions;
            var updated = new FaultRegion[old.Length + 1];
            old.CopyTo(updated, 0);
            updated[old.Length] = new FaultRegion(start, start + length - 1, faults);
            Volatile.Write(ref _faultRegions, updated);
        }
    }

    /// <summary>Removes every fault region.</summary>
    public void ClearFaultRegions()
    {
        lock (_regionLock)
        {
            Volatile.Write(ref _faultRegions, []);
        }
    }

    /// <inheritdoc/>
    public bool TryReadUInt64(ulong address, out ulong value)
    {
        if ((address & 7) == 0 && address < (1UL << AddressBits) && NoFaultRegions(address, 8, MemoryFaults.Read))
        {
            var page = FindPage(address >> PageShift);
            value = page is null ? 0 : Volatile.Read(ref WordAt(page, address));
            return true;
        }

        return TryReadUInt64Slow(address, out value);
    }

    /// <inheritdoc/>
    public bool TryWriteUInt64(ulong address, ulong value)
    {
        if ((address & 7) == 0 && address < (1UL << AddressBits) && NoFaultRegions(address, 8, MemoryFaults.Write))
        {
            Volatile.Write(ref WordAt(GetOrAddPage(address >> PageShift), address), value);
            return true;
        }

        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return TryWrite(address, bytes);
    }

    /// <inheritdoc/>
    public bool TryReadUInt32(ulong address, out uint value)
    {
        if ((address & 3) == 0 && address < (1UL << AddressBits) && NoFaultRegions(address, 4, MemoryFaults.Read))
        {
            var page = FindPage(address >> PageShift);
            value = page is null ? 0 : Volatile.Read(ref UIntAt(page, address));
            return true;
        }

        Span<byte> bytes = stackalloc byte[4];
        if (TryRead(address, bytes))
        {
            value = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            return true;
        }

        value = 0;
        return false;
    }

    /// <inheritdoc/>
    public bool TryWriteUInt32(ulong address, uint value)
    {
        if ((address & 3) == 0 && address < (1UL << AddressBits) && NoFaultRegions(address, 4, MemoryFaults.Write))
        {
            Volatile.Write(ref UIntAt(GetOrAddPage(address >> PageShift), address), value);
            return true;
        }

        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return TryWrite(address, bytes);
    }

    /// <inheritdoc/>
    public bool TryCompareExchangeUInt64(ulong address, ulong expected, ulong desired, out ulong observed)
    {
        // Atomicity is only architected for naturally aligned accesses; a misaligned atomic update aborts.
        if ((address & 7) != 0 || address >= (1UL << AddressBits) || !NoFaultRegions(address, 8, MemoryFaults.ReadWrite))
        {
            observed = 0;
            return false;
        }

        observed = Interlocked.CompareExchange(ref WordAt(GetOrAddPage(address >> PageShift), address), desired, expected);
        return true;
    }

    /// <inheritdoc/>
    public bool TryRead(ulong address, Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return true;
        }

        if (!InRange(address, destination.Length) || !NoFaultRegions(address, (ulong)destination.Length, MemoryFaults.Read))
        {
            destination.Clear();
            return false;
        }

        while (!destination.IsEmpty)
        {
            var offset = (int)(address & PageOffsetMask);
            var chunk = Math.Min(destination.Length, PageSize - offset);
            var page = FindPage(address >> PageShift);
            if (page is null)
            {
                destination[..chunk].Clear();
            }
            else
            {
                MemoryMarshal.AsBytes(page.AsSpan()).Slice(offset, chunk).CopyTo(destination);
            }

            destination = destination[chunk..];
            address += (ulong)chunk;
        }

        return true;
    }

    /// <inheritdoc/>
    public bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (source.IsEmpty)
        {
            return true;
        }

        if (!InRange(address, source.Length) || !NoFaultRegions(address, (ulong)source.Length, MemoryFaults.Write))
        {
            return false;
        }

        while (!source.IsEmpty)
        {
            var offset = (int)(address & PageOffsetMask);
            var chunk = Math.Min(source.Length, PageSize - offset);
            source[..chunk].CopyTo(MemoryMarshal.AsBytes(GetOrAddPage(address >> PageShift).AsSpan()).Slice(offset, chunk));
            source = source[chunk..];
            address += (ulong)chunk;
        }

        return true;
    }

    private bool TryReadUInt64Slow(ulong address, out ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (TryRead(address, bytes))
        {
            value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            return true;
        }

        value = 0;
        return false;
    }

    private static bool InRange(ulong address, int length) =>
        address < (1UL << AddressBits) && (ulong)length <= (1UL << AddressBits) - address;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool NoFaultRegions(ulong address, ulong length, MemoryFaults kind)
    {
        var regions = Volatile.Read(ref _faultRegions);
        return regions.Length == 0 || !Overlaps(regions, address, address + length - 1, kind);
    }

    private static bool Overlaps(FaultRegion[] regions, ulong first, ulong last, MemoryFaults kind)
    {
        foreach (var r in regions)
        {
            if ((r.Faults & kind) != 0 && first <= r.Last && last >= r.First)
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref ulong WordAt(ulong[] page, ulong address) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(page), (nint)((address & PageOffsetMask) >> 3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref uint UIntAt(ulong[] page, ulong address) =>
        ref Unsafe.As<byte, uint>(ref Unsafe.Add(ref Unsafe.As<ulong, byte>(ref MemoryMarshal.GetArrayDataReference(page)), (nint)(address & PageOffsetMask)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Slot<T>(T[] node, ulong index) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(node), (nint)(index & RadixMask));

    /// <summary>The page holding page number <paramref name="pageNumber"/>, or null if it was never written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong[]? FindPage(ulong pageNumber)
    {
        return FindPageInRadix(pageNumber);
    }

#nullable disable
    private ulong[] FindPageInRadix(ulong pageNumber)
    {
        // Indices are masked to 10 bits and every node has 1024 entries, so the unchecked loads stay in bounds.
        var l1 = Volatile.Read(ref Slot(_root, pageNumber >> (3 * RadixBits)));
        if (l1 is null)
        {
            return null;
        }

        var l2 = Volatile.Read(ref Slot(l1, pageNumber >> (2 * RadixBits)));
        if (l2 is null)
        {
            return null;
        }

        var leaf = Volatile.Read(ref Slot(l2, pageNumber >> RadixBits));
        if (leaf is null)
        {
            return null;
        }

        return Volatile.Read(ref Slot(leaf, pageNumber));
    }

    private ulong[] GetOrAddPage(ulong pageNumber)
    {
        var l1 = GetOrAdd(ref Slot(_root, pageNumber >> (3 * RadixBits)), static () => new ulong[RadixSize][][][]);
        var l2 = GetOrAdd(ref Slot(l1, pageNumber >> (2 * RadixBits)), static () => new ulong[RadixSize][][]);
        var leaf = GetOrAdd(ref Slot(l2, pageNumber >> RadixBits), static () => new ulong[RadixSize][]);
        ref var slot = ref Slot(leaf, pageNumber);
        var page = Volatile.Read(ref slot);
        if (page is null)
        {
            var fresh = new ulong[WordsPerPage];
            page = Interlocked.CompareExchange(ref slot, fresh, null) ?? fresh;
            if (ReferenceEquals(page, fresh))
            {
                Interlocked.Increment(ref _allocatedPages);
            }
        }

        return page;
    }

    private static T GetOrAdd<T>(ref T slot, Func<T> create)
        where T : class
    {
        var existing = Volatile.Read(ref slot);
        if (existing is not null)
        {
            return existing;
        }

        var fresh = create();
        return Interlocked.CompareExchange(ref slot, fresh, null) ?? fresh;
    }
#nullable restore

    private readonly record struct FaultRegion(ulong First, ulong Last, MemoryFaults Faults);
}
