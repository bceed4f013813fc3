using System;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Walkers.Vtd;

/// <summary>
/// Walks VT-d first-stage (IA-32e-compatible) tables, 4 or 5 levels, with 2 MiB and 1 GiB pages, canonical input
/// checks, U/S, R/W with WPE, XD, SMEP, and the A/D (and EA) write-back to guest memory. Generic over how table
/// addresses are translated, so the same code walks first-stage-only (<see cref="DirectTableAddresses"/>) and
/// nested (<see cref="SecondStageTableAddresses"/>) tables without allocating.
/// </summary>
/// <remarks>
/// Order of checks per entry as QEMU vtd_iova_to_fspte: read (0x73 at the root, 0x70 below), present (0x71),
/// reserved (0x72); then at the leaf U/S (0x81), write (0x85), execute (0x82); A is set in each entry walked and
/// D in a written leaf (0x91 when the write-back fails). Unlike QEMU, supervisor requests (SRE) and WPE are
/// modelled: a supervisor request may use user and supervisor pages and writes read-only pages unless WPE is set.
/// XD (bit 63) is honoured for execute requests, as Linux sets DMA_FL_PTE_XD.
/// </remarks>
public static class VtdFirstStageWalker
{
    private const ulong Present = 1UL << 0;
    private const ulong ReadWrite = 1UL << 1;
    private const ulong User = 1UL << 2;
    private const ulong Accessed = 1UL << 5;
    private const ulong Dirty = 1UL << 6;
    private const ulong PageSize = 1UL << 7;
    private const ulong ExtendedAccessed = 1UL << 10;
    private const ulong ExecuteDisable = 1UL << 63;
    private const ulong AddressMask = 0x000F_FFFF_FFFF_F000UL;

    /// <summary>A first-stage-only walk (table addresses are host-physical).</summary>
    public static VtdWalkResult Walk(
        IGuestMemory memory, in FirstStageConfig config, ulong address, AccessKind access, bool privileged, bool execute, IWalkTraceSink? trace)
    {
        var direct = default(DirectTableAddresses);
        return Walk(memory, in config, ref direct, address, access, privileged, execute, trace);
    }

    /// <summary>
    /// A nested walk: table addresses and the output are guest-physical and go through <paramref name="secondStage"/>
    /// (the final output is translated for the request's own access).
    /// </summary>
    public static VtdWalkResult WalkNested(
        IGuestMemory memory, in FirstStageConfig config, in SecondStageConfig secondStage, ulong address, AccessKind access, bool privileged,
        bool execute, IWalkTraceSink? trace)
    {
        var tables = new SecondStageTableAddresses(memory, in secondStage);
        var first = Walk(memory, in config, ref tables, address, access, privileged, execute, trace);
        if (first.IsFault)
        {
            return first;
        }

        var second = VtdSecondStageWalker.Walk(memory, in secondStage, first.OutputAddress, access, execute, trace, WalkPurpose.Stage2ForOutput);
        return second.IsFault ? VtdWalkResult.SecondStageFaultOfOutput(in second, address) : VtdWalkResult.Combine(in first, in second);
    }

    /// <summary>The walk over any table-address translation.</summary>
    public static VtdWalkResult Walk<TTables>(
        IGuestMemory memory, in FirstStageConfig config, ref TTables tables, ulong address, AccessKind access, bool privileged, bool execute,
        IWalkTraceSink? trace)
        where TTables : struct, IVtdTableAddressTranslator
    {
        ArgumentNullException.ThrowIfNull(memory);
        execute |= access == AccessKind.InstructionFetch;
        var write = access == AccessKind.Write;

        // Canonical: bits 63..width-1 all equal (Intel SDM 4.5; QEMU vtd_iova_fs_check_canonical).
        var top = (long)address >> (config.InputWidth - 1);
        if (top != 0 && top != -1)
        {
            VtdSecondStageWalker.Trace(trace, WalkPurpose.Stage1, config.Levels, config.TableBase, 0, 0, 0, false, WalkStepDecision.Fault, WalkFaultKind.Translation);
            return VtdWalkResult.Faulted(VtdWalkFault.NonCanonical, VtdWalkStage.FirstStage, 0, address);
        }

        var addressHigh = AddressMask & ~((1UL << config.HostAddressWidth) - 1);
        var table = config.TableBase;
        var readWrite = true;
        var user = true;
        var executeDisable = false;
        for (var level = config.Levels; level >= 1; level--)
        {
            var shift = 12 + (9 * (level - 1));
            var index = (int)((address >> shift) & 0x1FF);
            var entryInput = table + ((ulong)index * 8);
            var atRoot = level == config.Levels;
            var translated = tables.TranslateTableAddress(entryInput, write: false, trace);
            if (translated.IsFault)
            {
                return VtdWalkResult.SecondStageFaultOfTableWalk(in translated, address, atRoot);
            }

            var entryAddress = translated.OutputAddress;
            if (!memory.TryReadUInt64(entryAddress, out var entry))
            {
                Trace(trace, level, table, index, entryInput, entryAddress, 0, false, WalkStepDecision.Fault, WalkFaultKind.ExternalAbort);
                return VtdWalkResult.Faulted(atRoot ? VtdWalkFault.RootTableAccessError : VtdWalkFault.TableAccessError, VtdWalkStage.FirstStage, level, address);
            }

            if ((entry & Present) == 0)
            {
                Trace(trace, level, table, index, entryInput, entryAddress, entry, true, WalkStepDecision.Fault, WalkFaultKind.Translation);
                return VtdWalkResult.Faulted(VtdWalkFault.NotPresent, VtdWalkStage.FirstStage, level, address, entry);
            }

            var leaf = level == 1 || (level <= 3 && (entry & PageSize) != 0);
            if ((entry & Reserved(in config, level, leaf, addressHigh)) != 0)
            {
                Trace(trace, level, table, index, entryInput, entryAddress, entry, true, WalkStepDecision.Fault, WalkFaultKind.Translation);
                return VtdWalkResult.Faulted(VtdWalkFault.ReservedBitSet, VtdWalkStage.FirstStage, level, address, entry);
            }

            readWrite &= (entry & ReadWrite) != 0;
            user &= (entry & User) != 0;
            executeDisable |= (entry & ExecuteDisable) != 0;

            if (leaf)
            {
                var permissions = Permissions(in config, readWrite, user, executeDisable);
                var fault = Check(permissions, user, write, privileged, execute);
                if (fault != VtdWalkFault.None)
                {
                    Trace(trace, level, table, index, entryInput, entryAddress, entry, true, WalkStepDecision.Fault, WalkFaultKind.Permission);
                    return VtdWalkResult.Faulted(fault, VtdWalkStage.FirstStage, level, address, entry);
                }
            }

            var flags = Accessed | (config.ExtendedAccessedEnabled ? ExtendedAccessed : 0) | (leaf && write ? Dirty : 0);
            if ((entry & flags) != flags)
            {
                var target = tables.TranslateTableAddress(entryInput, write: true, trace);
                if (target.IsFault)
                {
                    return VtdWalkResult.SecondStageFaultOfTableWalk(in target, address, atRoot);
                }

                if (!VtdSecondStageWalker.SetFlags(memory, target.OutputAddress, ref entry, flags))
                {
                    Trace(trace, level, table, index, entryInput, entryAddress, entry, true, WalkStepDecision.Fault, WalkFaultKind.ExternalAbort);
                    return VtdWalkResult.Faulted(VtdWalkFault.FlagUpdateFailed, VtdWalkStage.FirstStage, level, address, entry);
                }
            }

            if (leaf)
            {
                Trace(trace, level, table, index, entryInput, entryAddress, entry, true, WalkStepDecision.Translated, WalkFaultKind.None);
                var pageMask = (1UL << shift) - 1;
                var output = (entry & AddressMask & ~pageMask) | (address & pageMask);
                return VtdWalkResult.Translated(
                    VtdWalkStage.FirstStage, level, address, output, shift, Permissions(in config, readWrite, user, executeDisable), entry,
                    (entry & Dirty) != 0);
            }

            Trace(trace, level, table, index, entryInput, entryAddress, entry, true, WalkStepDecision.NextLevel, WalkFaultKind.None);
            table = entry & AddressMask;
        }

        return VtdWalkResult.Faulted(VtdWalkFault.ReservedBitSet, VtdWalkStage.FirstStage, 1, address);
    }

    /// <summary>What a leaf reached through these accumulated controls allows, per privilege.</summary>
    private static WalkPermissions Permissions(in FirstStageConfig config, bool readWrite, bool user, bool executeDisable)
    {
        var permissions = WalkPermissions.PrivilegedRead;
        if (readWrite || !config.WriteProtectEnabled)
        {
            permissions |= WalkPermissions.PrivilegedWrite;
        }

        if (!executeDisable && !(config.SupervisorExecutePrevention && user))
        {
            permissions |= WalkPermissions.PrivilegedExecute;
        }

        if (user)
        {
            permissions |= WalkPermissions.UnprivilegedRead;
            if (readWrite)
            {
                permissions |= WalkPermissions.UnprivilegedWrite;
            }

            if (!executeDisable)
            {
                permissions |= WalkPermissions.UnprivilegedExecute;
            }
        }

        return permissions;
    }

    /// <summary>The fault a request meets against <paramref name="permissions"/> (U/S first, as QEMU).</summary>
    internal static VtdWalkFault Check(WalkPermissions permissions, bool user, bool write, bool privileged, bool execute)
    {
        if (!privileged && !user)
        {
            return VtdWalkFault.UserAccessToSupervisor;
        }

        var needed = write
            ? (privileged ? WalkPermissions.PrivilegedWrite : WalkPermissions.UnprivilegedWrite)
            : (privileged ? WalkPermissions.PrivilegedRead : WalkPermissions.UnprivilegedRead);
        if ((permissions & needed) == 0)
        {
            return write ? VtdWalkFault.WriteDenied : VtdWalkFault.ReadDenied;
        }

        var exec = privileged ? WalkPermissions.PrivilegedExecute : WalkPermissions.UnprivilegedExecute;
        return execute && (permissions & exec) == 0 ? VtdWalkFault.ExecuteDenied : VtdWalkFault.None;
    }

    /// <summary>The reserved-bit mask of an entry (QEMU vtd_fpte_rsvd / vtd_fpte_rsvd_large).</summary>
    private static ulong Reserved(in FirstStageConfig config, int level, bool leaf, ulong addressHigh)
    {
        if (!leaf)
        {
            return addressHigh | (level >= 4 ? PageSize : 0);
        }

        return level switch
        {
            // Bit 12 of a large leaf is PAT; the address bits under the page are reserved.
            2 => addressHigh | 0x1F_E000UL,
            3 => addressHigh | (config.LargePages1G ? 0x3FFF_E000UL : PageSize),
            _ => addressHigh,
        };
    }

    private static void Trace(
        IWalkTraceSink? trace, int level, ulong table, int index, ulong entryInput, ulong entryAddress, ulong entry, bool hasEntry,
        WalkStepDecision decision, WalkFaultKind fault)
    {
        trace?.OnStep(new WalkTraceStep(WalkPurpose.Stage1, level, table, index, entryInput, entryAddress, entry, hasEntry, decision, fault, TraceDescriptorFormat.VtdFirstStage));
    }
}
