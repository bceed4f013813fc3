using System;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.PageTables;

/// <summary>
/// Builds VT-d first-stage or second-stage page tables in guest memory, as Linux's intel/iommu.c
/// (domain_pfn_mapping / pfn_to_dma_pte) and QEMU's libqos qos-intel-iommu.c do: non-leaf entries carry every
/// permission (second stage R|W, first stage P|R/W|U/S), leaves carry the mapping's permissions, and 2 MiB / 1 GiB
/// leaves set PS. Tables can live at guest-physical addresses (nested first stage): give <c>physicalOf</c>.
/// </summary>
public sealed class VtdPageTableBuilder
{
    private readonly IGuestMemory _memory;
    private readonly ITableAllocator _allocator;
    private readonly Func<ulong, ulong> _physicalOf;

    /// <summary>
    /// A builder for <paramref name="levels"/>-level <paramref name="format"/> tables whose root is allocated now.
    /// <paramref name="physicalOf"/> maps a table address (as entries hold it) to where it is written; identity by default.
    /// </summary>
    public VtdPageTableBuilder(IGuestMemory memory, ITableAllocator allocator, VtdTableFormat format, int levels, Func<ulong, ulong>? physicalOf = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(allocator);
        var valid = format == VtdTableFormat.FirstStage ? levels is 4 or 5 : levels is >= 2 and <= 5;
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(nameof(levels), levels, $"{format} tables cannot have {levels} levels.");
        }

        _memory = memory;
        _allocator = allocator;
        _physicalOf = physicalOf ?? (static a => a);
        Format = format;
        Levels = levels;
        RootAddress = _allocator.Allocate(4096, 4096);
    }

    /// <summary>The table format.</summary>
    public VtdTableFormat Format { get; }

    /// <summary>Number of levels.</summary>
    public int Levels { get; }

    /// <summary>The root table address (FSPTPTR / SLPTPTR).</summary>
    public ulong RootAddress { get; }

    /// <summary>AW for a context or PASID entry: levels − 2.</summary>
    public byte AddressWidth => (byte)(Levels - 2);

    /// <summary>
    /// Maps <c>[input, input + size)</c> to <c>[output, ...)</c> with pages of 2^<paramref name="pageShift"/> bytes
    /// (12, 21 or 30). <paramref name="user"/> sets U/S in first-stage leaves; <see cref="IommuProt.NoExec"/> sets XD
    /// (first stage) or leaves X clear (second stage, which otherwise sets X).
    /// </summary>
    public void Map(ulong input, ulong output, ulong size, IommuProt prot, int pageShift = 12, bool user = true)
    {
        if (pageShift is not (12 or 21 or 30))
        {
            throw new ArgumentOutOfRangeException(nameof(pageShift), pageShift, "Page sizes are 4 KiB (12), 2 MiB (21) or 1 GiB (30).");
        }

        var pageSize = 1UL << pageShift;
        if (((input | output | size) & (pageSize - 1)) != 0 || size == 0)
        {
            throw new ArgumentException($"Input 0x{input:x}, output 0x{output:x} and size 0x{size:x} must be non-zero multiples of 0x{pageSize:x}.");
        }

        var width = 12 + (9 * Levels);
        if (width < 64 && ((input + size - 1) >> width) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"The range ends above the {width}-bit input of a {Levels}-level table.");
        }

        var leafLevel = ((pageShift - 12) / 9) + 1;
        for (var offset = 0UL; offset < size; offset += pageSize)
        {
            MapOne(input + offset, output + offset, leafLevel, prot, user);
        }
    }

    /// <summary>Finds the entry address (as the tables hold it) of <paramref name="input"/> at <paramref name="level"/>, or null.</summary>
    public ulong? FindEntryAddress(ulong input, int level)
    {
        var table = RootAddress;
        for (var l = Levels; l >= 1; l--)
        {
            var entryAddress = table + (VtdPagingGeometry.Index(input, l) * sizeof(ulong));
            if (l == level)
            {
                return entryAddress;
            }

            if (!_memory.TryReadUInt64(_physicalOf(entryAddress), out var entry) || !IsTable(entry, l))
            {
                return null;
            }

            table = NextTable(entry);
        }

        return null;
    }

    private void MapOne(ulong input, ulong output, int leafLevel, IommuProt prot, bool user)
    {
        var table = RootAddress;
        for (var level = Levels; level > leafLevel; level--)
        {
            var entryAddress = _physicalOf(table + (VtdPagingGeometry.Index(input, level) * sizeof(ulong)));
            if (!_memory.TryReadUInt64(entryAddress, out var entry))
            {
                throw new InvalidOperationException($"Cannot read the table entry at 0x{entryAddress:x}.");
            }

            if (!IsTable(entry, level))
            {
                var next = _allocator.Allocate(TableBytes, TableBytes);
                entry = TableEntry(next);
                Write(entryAddress, entry);
            }

            table = NextTable(entry);
        }

        Write(_physicalOf(table + (VtdPagingGeometry.Index(input, leafLevel) * sizeof(ulong))), Leaf(output, leafLevel, prot, user));
    }

    /// <summary>A paging structure is one 4 KiB page of 512 entries.</summary>
    private const int TableBytes = 1 << VtdPagingGeometry.PageShift;

    /// <summary>A non-leaf entry to the table at <paramref name="next"/>: present (readable) and writable, and user-accessible in the first stage, so the leaves alone decide permissions.</summary>
    private ulong TableEntry(ulong next) => Format == VtdTableFormat.FirstStage
        ? new FirstStagePageTableEntry { Present = true, ReadWrite = true, UserSupervisor = true, Address = next }.GetWord(0)
        : new SecondStagePageTableEntry { Readable = true, Writable = true, Address = next }.GetWord(0);

    /// <summary>The next-level table an entry points to (ADDR, bits 51:12, in either format).</summary>
    private ulong NextTable(ulong entry) => Format == VtdTableFormat.FirstStage
        ? new FirstStagePageTableEntry(entry).Address
        : new SecondStagePageTableEntry(entry).Address;

    /// <summary>A leaf entry for <paramref name="output"/> (placed as given); PS is set above level 1.</summary>
    private ulong Leaf(ulong output, int level, IommuProt prot, bool user)
    {
        var large = level > 1;
        if (Format == VtdTableFormat.FirstStage)
        {
            var fs = new FirstStagePageTableEntry
            {
                Present = true,
                ReadWrite = (prot & IommuProt.Write) != 0,
                UserSupervisor = user,
                PageSize = large,
                ExecuteDisable = (prot & IommuProt.NoExec) != 0,
            };
            return output | fs.GetWord(0);
        }

        var ss = new SecondStagePageTableEntry
        {
            Readable = (prot & IommuProt.Read) != 0,
            Writable = (prot & IommuProt.Write) != 0,
            Executable = (prot & IommuProt.NoExec) == 0,
            PageSize = large,
        };
        return output | ss.GetWord(0);
    }

    /// <summary>True when <paramref name="entry"/> at <paramref name="level"/> is present and points to a table (not a leaf).</summary>
    private bool IsTable(ulong entry, int level)
    {
        bool present, pageSize;
        if (Format == VtdTableFormat.FirstStage)
        {
            var fs = new FirstStagePageTableEntry(entry);
            (present, pageSize) = (fs.Present, fs.PageSize);
        }
        else
        {
            var ss = new SecondStagePageTableEntry(entry);
            (present, pageSize) = (ss.Readable || ss.Writable, ss.PageSize);
        }

        return present && !VtdPagingGeometry.IsLeaf(level, pageSize);
    }

    private void Write(ulong address, ulong value)
    {
        if (!_memory.TryWriteUInt64(address, value))
        {
            throw new InvalidOperationException($"Cannot write the table entry at 0x{address:x}.");
        }
    }
}
