using System;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Specs.Vmsa;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// Dirty tracking of VMSAv8-64 tables under HTTU, as a VMM reads it (the iommufd cycle: clear dirty, let the device DMA,
/// read dirty): <see cref="ReadAndClearDirty(IGuestMemory, in Stage2Config, ulong, ulong, ulong, Span{ulong}, bool)"/>
/// visits every leaf over an input range, reports the writable-dirty ones in a bitmap and makes them writable-clean again.
/// </summary>
/// <remarks>
/// <para>The states are Linux's (drivers/iommu/io-pgtable-arm.c iopte_writeable_dirty, arm_lpae_read_and_clear_dirty):
/// a leaf is dirty when DBM = 1 and it is writable — stage 1 AP[2] = 0, stage 2 S2AP[1] = 1 — and clearing makes it
/// read-only again with DBM kept (AP[2] = 1 / S2AP[1] = 0), so the next write is the SMMU's hardware dirty update
/// (<see cref="Stage1Config.HardwareDirty"/>, <see cref="Stage2Config.HardwareDirty"/>). A leaf without DBM is never
/// reported: software manages it. The clear is a compare-exchange; a leaf another agent changed in between is read
/// again, as the walk engine does for its own updates.</para>
/// <para>After a clear the SMMU may still hold the dirty translations as writable: the caller invalidates them
/// (CMD_TLBI_S2_IPA / CMD_TLBI_NH_VA, or a wider TLBI) before it relies on the next read, as Linux's iommu core
/// does with the gather of iommu_read_and_clear_dirty. Table addresses are the configuration's own (physical); a stage-1
/// table living in a guest's IPA space is read through its own stage 2 by the caller translating first.</para>
/// </remarks>
public static class Vmsa64DirtyTracking
{
    /// <summary>
    /// Reports the dirty stage-2 leaves of <c>[iova, iova + length)</c> in <paramref name="bitmap"/> — bit <c>i</c> (bit
    /// <c>i % 64</c> of word <c>i / 64</c>) set when the page <c>iova + i × pageSize</c> lies in a dirty leaf — and, with
    /// <paramref name="clear"/> (the default; false is iommufd's IOMMU_DIRTY_NO_CLEAR), makes those leaves clean. Bits of
    /// clean pages are left as they were, so one bitmap can collect several calls. Returns the number of dirty leaves.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="pageSize"/> is not a power of two, <paramref name="iova"/> or
    /// <paramref name="length"/> is not a multiple of it, or <paramref name="bitmap"/> has fewer than length / pageSize bits.</exception>
    public static int ReadAndClearDirty(IGuestMemory memory, in Stage2Config config, ulong iova, ulong length, ulong pageSize, Span<ulong> bitmap, bool clear = true)
    {
        var levels = new Vmsa64Levels(
            config.Granule, config.StartLevel, config.StartIndexBits, config.TableBase, config.OutputSize, accessFlagFaultDisabled: true, config.PhysicalAddress52);
        return Visit(memory, default(Stage2Leaves), in levels, config.Granule, iova, length, pageSize, bitmap, clear);
    }

    /// <summary>
    /// The stage-1 form of <see cref="ReadAndClearDirty(IGuestMemory, in Stage2Config, ulong, ulong, ulong, Span{ulong}, bool)"/>:
    /// dirty means DBM = 1 and AP[2] = 0, clearing sets AP[2]. The range lies in the configuration's own half of the address
    /// space (TTB0, or TTB1 with <see cref="Stage1Config.UpperRange"/>).
    /// </summary>
    public static int ReadAndClearDirty(IGuestMemory memory, in Stage1Config config, ulong iova, ulong length, ulong pageSize, Span<ulong> bitmap, bool clear = true)
    {
        var levels = new Vmsa64Levels(
            config.Granule, config.StartLevel, config.InputSize - VmsaGeometry.LevelShift(config.Granule, config.StartLevel), config.TableBase,
            config.OutputSize, accessFlagFaultDisabled: true, config.PhysicalAddress52);
        return Visit(memory, default(Stage1Leaves), in levels, config.Granule, iova, length, pageSize, bitmap, clear);
    }

    /// <summary>What the two stages call dirty and clean.</summary>
    private interface ILeafStates
    {
        bool IsWritableDirty(ulong leaf);

        ulong Clean(ulong leaf);
    }

    private readonly struct Stage1Leaves : ILeafStates
    {
        public bool IsWritableDirty(ulong leaf)
        {
            var d = new S1LeafDescriptor(leaf);
            return d.DBM && !d.ApReadOnly;
        }

        public ulong Clean(ulong leaf) => new S1LeafDescriptor(leaf) { ApReadOnly = true }.Word;
    }

    private readonly struct Stage2Leaves : ILeafStates
    {
        public bool IsWritableDirty(ulong leaf)
        {
            var d = new S2LeafDescriptor(leaf);
            return d.DBM && d.S2ApWrite;
        }

        public ulong Clean(ulong leaf) => new S2LeafDescriptor(leaf) { S2ApWrite = false }.Word;
    }

    private static int Visit<TStates>(
        IGuestMemory memory, TStates states, in Vmsa64Levels levels, TranslationGranule granule, ulong iova, ulong length, ulong pageSize,
        Span<ulong> bitmap, bool clear)
        where TStates : struct, ILeafStates
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (pageSize == 0 || (pageSize & (pageSize - 1)) != 0 || iova % pageSize != 0 || length % pageSize != 0)
        {
            throw new ArgumentException($"pageSize 0x{pageSize:x} must be a power of two dividing iova 0x{iova:x} and length 0x{length:x}.", nameof(pageSize));
        }

        var pages = length / pageSize;
        if ((ulong)bitmap.Length * 64 < pages)
        {
            throw new ArgumentException($"The bitmap holds {bitmap.Length * 64} pages; the range has {pages}.", nameof(bitmap));
        }

        var dirty = 0;
        var end = iova + length;
        var address = iova;

        while (address < end && address >= iova)
        {
            var level = levels.StartLevel;
            var table = levels.StartTable;
            ulong span;
            while (true)
            {
                span = 1UL << VmsaGeometry.LevelShift(granule, level);
                var entryAddress = table + (levels.EntryIndex(address, level) * 8);
                if (!memory.TryReadUInt64(entryAddress, out var entry))
                {
                    break;
                }

                var shape = levels.Classify(entry, level);
                if (shape.Kind == EntryKind.Table)
                {
                    table = shape.Address;
                    level++;
                    continue;
                }

                if (shape.Kind == EntryKind.Leaf && states.IsWritableDirty(entry))
                {
                    dirty++;
                    Mark(bitmap, iova, end, pageSize, address & ~(span - 1), span);
                    if (clear)
                    {
                        Clean(memory, states, in levels, level, entryAddress, entry);
                    }
                }

                break;
            }

            address = (address & ~(span - 1)) + span;
        }

        return dirty;
    }

    private static void Mark(Span<ulong> bitmap, ulong iova, ulong end, ulong pageSize, ulong leafBase, ulong span)
    {
        var first = Math.Max(leafBase, iova);
        var last = Math.Min(leafBase + span, end);
        for (var page = (first - iova) / pageSize; page < (last - iova + pageSize - 1) / pageSize; page++)
        {
            bitmap[(int)(page / 64)] |= 1UL << (int)(page % 64);
        }
    }

    /// <summary>Makes a dirty leaf clean by compare-exchange, re-reading a leaf that changed (while it is still a dirty leaf).</summary>
    private static void Clean<TStates>(IGuestMemory memory, TStates states, in Vmsa64Levels levels, int level, ulong entryAddress, ulong entry)
        where TStates : struct, ILeafStates
    {
        for (var attempt = 0;
            attempt < PageTableWalker.UpdateAttempts && levels.Classify(entry, level).Kind == EntryKind.Leaf && states.IsWritableDirty(entry);
            attempt++)
        {
            if (!memory.TryCompareExchangeUInt64(entryAddress, entry, states.Clean(entry), out var observed) || observed == entry)
            {
                return;
            }

            entry = observed;
        }
    }
}
