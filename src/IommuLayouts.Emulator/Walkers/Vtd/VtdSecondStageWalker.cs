using System;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Walkers.Vtd;

/// <summary>
/// Walks VT-d second-stage tables (3, 4 or 5 levels of 512 eight-byte entries, 4 KiB pages, 2 MiB and 1 GiB
/// large pages), independent of any remapping unit. Entries have no present bit: permissions R and W are
/// intersected at every level and a request whose right disappears faults at that level (QEMU
/// vtd_iova_to_sspte); reserved bits follow QEMU's vtd_spte_rsvd masks.
/// </summary>
public static class VtdSecondStageWalker
{
    private const ulong Read = 1UL << 0;
    private const ulong Write = 1UL << 1;
    private const ulong Execute = 1UL << 2;
    private const ulong PageSize = 1UL << 7;
    private const ulong Accessed = 1UL << 8;
    private const ulong Dirty = 1UL << 9;
    private const ulong Snoop = 1UL << 11;
    private const ulong TransientMapping = 1UL << 62;
    private const ulong AddressMask = 0x000F_FFFF_FFFF_F000UL;

    /// <summary>
    /// Translates <paramref name="address"/> for <paramref name="access"/> (an execute request is a read with
    /// <paramref name="execute"/>; <see cref="AccessKind.InstructionFetch"/> is the same). Never throws for guest data.
    /// </summary>
    public static VtdWalkResult Walk(
        IGuestMemory memory, in SecondStageConfig config, ulong address, AccessKind access, bool execute, IWalkTraceSink? trace,
        WalkPurpose purpose = WalkPurpose.Stage2)
    {
        ArgumentNullException.ThrowIfNull(memory);
        execute |= access == AccessKind.InstructionFetch;
        var write = access == AccessKind.Write;
        if (config.InputWidth < 64 && (address >> config.InputWidth) != 0)
        {
            Trace(trace, purpose, config.Levels, config.TableBase, 0, 0, 0, false, WalkStepDecision.Fault, WalkFaultKind.Translation);
            return VtdWalkResult.Faulted(VtdWalkFault.AddressBeyondWidth, VtdWalkStage.SecondStage, 0, address);
        }

        var addressHigh = AddressMask & ~((1UL << config.HostAddressWidth) - 1);
        var table = config.TableBase;
        var rights = Read | Write | Execute;
        for (var level = config.Levels; level >= 1; level--)
        {
            var shift = 12 + (9 * (level - 1));
            var index = (int)((address >> shift) & 0x1FF);
            var entryAddress = table + ((ulong)index * 8);
            if (!memory.TryReadUInt64(entryAddress, out var entry))
            {
                Trace(trace, purpose, level, table, index, entryAddress, 0, false, WalkStepDecision.Fault, WalkFaultKind.ExternalAbort);
                return VtdWalkResult.Faulted(level == config.Levels ? VtdWalkFault.RootTableAccessError : VtdWalkFault.TableAccessError, VtdWalkStage.SecondStage, level, address);
            }

            rights &= entry;
            if ((rights & (write ? Write : Read)) == 0 || (execute && config.ExecuteEnabled && (rights & Execute) == 0))
            {
                Trace(trace, purpose, level, table, index, entryAddress, entry, true, WalkStepDecision.Fault, WalkFaultKind.Permission);
                var denied = write ? VtdWalkFault.WriteDenied : (rights & Read) == 0 ? VtdWalkFault.ReadDenied : VtdWalkFault.ExecuteDenied;
                return VtdWalkResult.Faulted(denied, VtdWalkStage.SecondStage, level, address, entry);
            }

            var leaf = level == 1 || (level <= 3 && (entry & PageSize) != 0);
            if ((entry & Reserved(in config, level, leaf, addressHigh)) != 0)
            {
                Trace(trace, purpose, level, table, index, entryAddress, entry, true, WalkStepDecision.Fault, WalkFaultKind.Translation);
                return VtdWalkResult.Faulted(VtdWalkFault.ReservedBitSet, VtdWalkStage.SecondStage, level, address, entry);
            }

            var flags = config.AccessedDirtyEnabled ? Accessed | (leaf && write ? Dirty : 0) : 0;
            if ((entry & flags) != flags && !SetFlags(memory, entryAddress, ref entry, flags))
            {
                Trace(trace, purpose, level, table, index, entryAddress, entry, true, WalkStepDecision.Fault, WalkFaultKind.ExternalAbort);
                return VtdWalkResult.Faulted(VtdWalkFault.FlagUpdateFailed, VtdWalkStage.SecondStage, level, address, entry);
            }

            if (leaf)
            {
                Trace(trace, purpose, level, table, index, entryAddress, entry, true, WalkStepDecision.Translated, WalkFaultKind.None);
                var pageMask = (1UL << shift) - 1;
                var output = (entry & AddressMask & ~pageMask) | (address & pageMask);
                var permissions = WalkPermissions.None;
                if ((rights & Read) != 0)
                {
                    permissions |= WalkPermissions.PrivilegedRead | WalkPermissions.UnprivilegedRead;
                    if (!config.ExecuteEnabled || (rights & Execute) != 0)
                    {
                        permissions |= WalkPermissions.PrivilegedExecute | WalkPermissions.UnprivilegedExecute;
                    }
                }

                if ((rights & Write) != 0)
                {
                    permissions |= WalkPermissions.PrivilegedWrite | WalkPermissions.UnprivilegedWrite;
                }

                var dirty = !config.AccessedDirtyEnabled || (entry & Dirty) != 0;
                return VtdWalkResult.Translated(VtdWalkStage.SecondStage, level, address, output, shift, permissions, entry, dirty);
            }

            Trace(trace, purpose, level, table, index, entryAddress, entry, true, WalkStepDecision.NextLevel, WalkFaultKind.None);
            table = entry & AddressMask;
        }

        // Unreachable: level 1 is always a leaf.
        return VtdWalkResult.Faulted(VtdWalkFault.ReservedBitSet, VtdWalkStage.SecondStage, 1, address);
    }

    /// <summary>The reserved-bit mask of an entry at <paramref name="level"/> (QEMU vtd_spte_rsvd / vtd_spte_rsvd_large).</summary>
    private static ulong Reserved(in SecondStageConfig config, int level, bool leaf, ulong addressHigh)
    {
        if (!leaf)
        {
            // Non-leaf: SNP and TM reserved; PS is reserved at levels 4 and 5, and at levels 2/3 it made the entry a
            // leaf (or is reserved below when the page size is unsupported, handled with the leaf masks).
            return Snoop | TransientMapping | addressHigh | (level >= 4 ? PageSize : 0);
        }

        var mask = addressHigh | (config.SnoopAllowed ? 0 : Snoop) | (config.TransientMappingAllowed ? 0 : TransientMapping);
        return level switch
        {
            2 => mask | (config.LargePages2M ? 0x1F_F000UL : PageSize),
            3 => mask | (config.LargePages1G ? 0x3FFF_F000UL : PageSize),
            _ => mask,
        };
    }

    /// <summary>Sets <paramref name="flags"/> in the entry with compare-and-exchange, retrying on concurrent updates.</summary>
    internal static bool SetFlags(IGuestMemory memory, ulong entryAddress, ref ulong entry, ulong flags)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            if (!memory.TryCompareExchangeUInt64(entryAddress, entry, entry | flags, out var observed))
            {
                return false;
            }

            if (observed == entry)
            {
                entry |= flags;
                return true;
            }

            entry = observed;
            if ((entry & flags) == flags)
            {
                return true;
            }
        }

        return true;
    }

    internal static void Trace(
        IWalkTraceSink? trace, WalkPurpose purpose, int level, ulong table, int index, ulong entryAddress, ulong entry, bool hasEntry,
        WalkStepDecision decision, WalkFaultKind fault)
    {
        trace?.OnStep(new WalkTraceStep(purpose, level, table, index, entryAddress, entryAddress, entry, hasEntry, decision, fault, TraceDescriptorFormat.VtdSecondStage));
    }
}
