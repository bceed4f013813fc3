using System;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// The command queue (Arm IHI 0070 §4; QEMU smmuv3_cmdq_consume; Linux arm_smmu_cmdq_build_cmd for the encodings).
/// </summary>
/// <remarks>
/// <para>Commands are consumed, in order, when CMDQ_PROD is written while CR0.CMDQEN = 1 (and when CMDQEN is set or a
/// command-queue error is acknowledged). Each command is decoded and checked completely before anything is done, so an
/// illegal command has no effect: consumption stops with CMDQ_CONS pointing at it, CMDQ_CONS.ERR = CERROR_ILL and
/// GERROR.CMDQ_ERR toggled; an abort reading a command gives CERROR_ABT. Consumption resumes from CMDQ_CONS once software
/// acknowledges through GERRORN (usually after rewriting the slot, as Linux arm_smmu_cmdq_skip_err does).</para>
/// <para>Illegal: an opcode the SMMU does not implement (EL2 commands, IDR0.HYP = 0; EL3 commands on a Non-secure queue;
/// CMD_STALL_TERM with IDR0.STALL_MODEL = 0b01),
/// any RES0 bit set or reserved encoding (each command's generated <c>Validate()</c>), TLBI_NH_* without stage 1,
/// TLBI_S12_VMALL/S2_IPA without stage 2, NUM/SCALE/TG without IDR3.RIL.</para>
/// </remarks>
public sealed partial class Smmuv3Device
{
    /// <summary>Consumes commands from CMDQ_CONS up to CMDQ_PROD. Called under <see cref="_lock"/>.</summary>
    private void ConsumeCommands()
    {
        if (!_cr0.CMDQEN || CommandQueueErrorActive)
        {
            return;
        }

        // LOG2SIZE above IDR1.CMDQS is read as CMDQS (QEMU hw/arm/smmuv3.c smmu_writel A_CMDQ_BASE: "if
        // (s->cmdq.log2size > SMMU_CMDQS) s->cmdq.log2size = SMMU_CMDQS"; Linux arm-smmu-v3.c arm_smmu_device_hw_probe
        // caps max_n_shift by IDR1_CMDQS). The work of one PROD write is therefore at most 2 × 2^CMDQS commands (a PROD
        // more than a queue ahead of CONS, CONSTRAINED UNPREDICTABLE, still stops at PROD), each bounded (issue 16).
        var log2 = Math.Min((int)_cmdqBase.LOG2SIZE, Capabilities.CommandQueueLog2Size);
        var baseAddress = _cmdqBase.ADDR;
        var mask = (2u << log2) - 1; // the index and its wrap bit (Linux Q_IDX | Q_WRP)
        var prod = _cmdqProd.WrapIndex & mask;
        var cons = _cmdqCons.WrapIndex & mask;
        var error = CommandError.CERROR_NONE;
        Span<ulong> words = stackalloc ulong[2];
        while (!QueueProdCons.IsEmpty(prod, cons, log2))
        {
            var address = baseAddress + ((ulong)QueueProdCons.IndexOf(cons, log2) * 16);
            if (!_memory.TryReadUInt64(address, out words[0]) || !_memory.TryReadUInt64(address + 8, out words[1]))
            {
                error = CommandError.CERROR_ABT;
                break;
            }

            error = Execute(words);
            if (error != CommandError.CERROR_NONE)
            {
                break;
            }

            cons = QueueProdCons.Increment(cons, log2);
        }

        // CONS.ERR keeps the last error code until another error replaces it.
        _cmdqCons.WrapIndex = cons;
        if (error != CommandError.CERROR_NONE)
        {
            _cmdqCons.ERR = error;
            RaiseGlobalError(CommandQueueError);
        }
    }

    private CommandError Execute(ReadOnlySpan<ulong> words)
    {
        var caps = Capabilities;
        var opcode = Command.FromWords(words).Opcode;
        switch (opcode)
        {
            case CommandOpcode.CMD_PREFETCH_CONFIG:
                return Legal(PrefetchConfigCommand.FromWords(words).Validate().IsValid);
            case CommandOpcode.CMD_PREFETCH_ADDR:
                // A hint: a legal prefetch completes with nothing to do.
                return Legal(PrefetchAddrCommand.FromWords(words).Validate().IsValid);
            case CommandOpcode.CMD_STALL_TERM:
                // IDR0.STALL_MODEL = 0b01 (no stalls): CMD_RESUME and CMD_STALL_TERM are not available (IHI 0070 IDR0).
                return CommandError.CERROR_ILL;
            case CommandOpcode.CMD_TLBI_EL2_ALL or CommandOpcode.CMD_TLBI_EL2_ASID or CommandOpcode.CMD_TLBI_EL2_VA or CommandOpcode.CMD_TLBI_EL2_VAA:
                // The EL2 commands need IDR0.HYP, which the model does not implement.
                return CommandError.CERROR_ILL;
            case CommandOpcode.CMD_TLBI_EL3_ALL or CommandOpcode.CMD_TLBI_EL3_VA:
                // EL3 commands exist only on the Secure command queue; the model has only the Non-secure one.
                return CommandError.CERROR_ILL;
            case CommandOpcode.CMD_CFGI_STE:
                {
                    var cmd = CfgiSteCommand.FromWords(words);
                    if (!cmd.Validate().IsValid)
                    {
                        return CommandError.CERROR_ILL;
                    }

                    InvalidateStreams(cmd.StreamID, 1);
                    return CommandError.CERROR_NONE;
                }

            case CommandOpcode.CMD_CFGI_STE_RANGE:
                {
                    var cmd = CfgiSteRangeCommand.FromWords(words);
                    if (!cmd.Validate().IsValid)
                    {
                        return CommandError.CERROR_ILL;
                    }

                    // Range = 31 is CMD_CFGI_ALL (Linux CMDQ_OP_CFGI_ALL).
                    InvalidateStreams(cmd.FirstStreamId, (ulong)cmd.LastStreamId - cmd.FirstStreamId + 1);
                    return CommandError.CERROR_NONE;
                }

            case CommandOpcode.CMD_CFGI_CD:
                {
                    var cmd = CfgiCdCommand.FromWords(words);
                    if (!cmd.Validate().IsValid)
                    {
                        return CommandError.CERROR_ILL;
                    }

                    InvalidateContext(cmd.StreamID, cmd.SubstreamID);
                    return CommandError.CERROR_NONE;
                }

            case CommandOpcode.CMD_CFGI_CD_ALL:
                {
                    var cmd = CfgiCdAllCommand.FromWords(words);
                    if (!cmd.Validate().IsValid)
                    {
                        return CommandError.CERROR_ILL;
                    }

                    InvalidateStreams(cmd.StreamID, 1);
                    return CommandError.CERROR_NONE;
                }

            case CommandOpcode.CMD_TLBI_NH_ALL:
                {
                    var cmd = TlbiNhAllCommand.FromWords(words);
                    if (!caps.Stage1 || !cmd.Validate().IsValid)
                    {
                        return CommandError.CERROR_ILL;
                    }

                    var vmid = Vmid(cmd.VMID);
                    using (_epoch.Invalidate())
                    {
                        _tlb.InvalidateAllVa(vmid);
                    }

                    return CommandError.CERROR_NONE;
                }

            case CommandOpcode.CMD_TLBI_NH_ASID:
                {
                    var cmd = TlbiNhAsidCommand.FromWords(words);
                    if (!caps.Stage1 || !cmd.Validate().IsValid)
                    {
                        return CommandError.CERROR_ILL;
                    }

                    using (_epoch.Invalidate())
                    {
                        _tlb.InvalidateAsid(Vmid(cmd.VMID), Asid(cmd.ASID));
                    }

                    return CommandError.CERROR_NONE;
                }

            case CommandOpcode.CMD_TLBI_NH_VA:
                {
                    var cmd = TlbiNhVaCommand.FromWords(words);
                    if (!caps.Stage1 || !cmd.Validate().IsValid || !TryRange(cmd.Num, cmd.Scale, cmd.TG, cmd.TTL, cmd.Address, out var range))
                    {
                        return CommandError.CERROR_ILL;
                    }

                    using (_epoch.Invalidate())
                    {
                        _tlb.InvalidateVa(Vmid(cmd.VMID), Asid(cmd.ASID), range.Start, range.Size, cmd.Leaf, range.Level, range.Granule);
                    }

                    return CommandError.CERROR_NONE;
                }

            case CommandOpcode.CMD_TLBI_NH_VAA:
                {
                    var cmd = TlbiNhVaaCommand.FromWords(words);
                    if (!caps.Stage1 || !cmd.Validate().IsValid || !TryRange(cmd.Num, cmd.Scale, cmd.TG, cmd.TTL, cmd.Address, out var range))
                    {
                        return CommandError.CERROR_ILL;
                    }

                    using (_epoch.Invalidate())
                    {
                        _tlb.InvalidateVa(Vmid(cmd.VMID), null, range.Start, range.Size, cmd.Leaf, range.Level, range.Granule);
                    }

                    return CommandError.CERROR_NONE;
                }

            case CommandOpcode.CMD_TLBI_S12_VMALL:
                {
                    var cmd = TlbiS12VmallCommand.FromWords(words);
                    if (!caps.Stage2 || !cmd.Validate().IsValid)
                    {
                        return CommandError.CERROR_ILL;
                    }

                    using (_epoch.Invalidate())
                    {
                        _tlb.InvalidateVmid(Vmid(cmd.VMID));
                    }

                    return CommandError.CERROR_NONE;
                }

            case CommandOpcode.CMD_TLBI_S2_IPA:
                {
                    var cmd = TlbiS2IpaCommand.FromWords(words);
                    if (!caps.Stage2 || !cmd.Validate().IsValid || !TryRange(cmd.Num, cmd.Scale, cmd.TG, cmd.TTL, cmd.IPA, out var range))
                    {
                        return CommandError.CERROR_ILL;
                    }

                    using (_epoch.Invalidate())
                    {
                        _tlb.InvalidateIpa(Vmid(cmd.VMID), range.Start, range.Size, cmd.Leaf, range.Level, range.Granule);
                    }

                    return CommandError.CERROR_NONE;
                }

            case CommandOpcode.CMD_TLBI_NSNH_ALL:
                {
                    if (!TlbiNsnhAllCommand.FromWords(words).Validate().IsValid)
                    {
                        return CommandError.CERROR_ILL;
                    }

                    using (_epoch.Invalidate())
                    {
                        _tlb.InvalidateAll();
                    }

                    return CommandError.CERROR_NONE;
                }

            case CommandOpcode.CMD_ATC_INV:
                // No ATC is modelled: legal commands complete at once.
                return Legal(AtcInvCommand.FromWords(words).Validate().IsValid);
            case CommandOpcode.CMD_PRI_RESP:
                return Legal(PriRespCommand.FromWords(words).Validate().IsValid);
            case CommandOpcode.CMD_RESUME:
                return Legal(ResumeCommand.FromWords(words).Validate().IsValid);
            case CommandOpcode.CMD_SYNC:
                return ExecuteSync(SyncCommand.FromWords(words));
            default:
                return CommandError.CERROR_ILL;
        }
    }

    /// <summary>
    /// CMD_SYNC: every earlier command has completed (they complete as they are consumed). CS = IRQ signals completion by
    /// writing MSIData to MSIAddress (32 bits) when IDR0.MSI and MSIAddress ≠ 0 (Linux's MSI polling points MSIAddress at
    /// the CMD_SYNC itself), else by the wired interrupt; an abort on that write sets GERROR.MSI_CMDQ_ABT_ERR. CS = SEV
    /// sends an event. QEMU only pulses the interrupt.
    /// </summary>
    private CommandError ExecuteSync(SyncCommand cmd)
    {
        if (!cmd.Validate().IsValid || (cmd.CS == SyncCompletionSignal.Sev && !Capabilities.Sev))
        {
            return CommandError.CERROR_ILL;
        }

        if (cmd.CS == SyncCompletionSignal.Irq)
        {
            if (Capabilities.Msi && cmd.MSIAddress != 0)
            {
                if (!_memory.TryWriteUInt32(cmd.MSIAddress, cmd.MSIData))
                {
                    RaiseGlobalError(SyncMsiAbortError);
                }
            }
            else
            {
                System.Threading.Interlocked.Increment(ref _syncInterrupts);
            }
        }
        else if (cmd.CS == SyncCompletionSignal.Sev)
        {
            System.Threading.Interlocked.Increment(ref _syncEvents);
        }

        return CommandError.CERROR_NONE;
    }

    private static CommandError Legal(bool valid) => valid ? CommandError.CERROR_NONE : CommandError.CERROR_ILL;

    private int Vmid(ushort vmid) => !Capabilities.Stage2 ? 0 : Capabilities.Vmid16 ? vmid : (byte)vmid; // 8-bit VMIDs without IDR0.VMID16

    private int Asid(ushort asid) => Capabilities.Asid16 ? asid : (byte)asid; // 8-bit ASIDs without IDR0.ASID16

    /// <summary>
    /// The range of a TLBI: TG = 0 → the one address (any entry containing it; TTL needs TG, so it is ignored); TG ≠ 0
    /// (IDR3.RIL) → (NUM + 1) × 2^SCALE pages of the TG granule (4 KB, 16 KB, 64 KB) from the address aligned to the
    /// granule, limited to leaves at level TTL when TTL ≠ 0 (Linux __arm_smmu_tlb_inv_range; QEMU smmuv3_range_inval).
    /// </summary>
    private bool TryRange(byte num, byte scale, byte tg, byte ttl, ulong address, out InvalidationRange range)
    {
        if (!Capabilities.RangeInvalidation && (num | scale | tg) != 0)
        {
            range = default;
            return false;
        }

        if (tg == 0)
        {
            range = new InvalidationRange(address, 1, -1, null);
            return true;
        }

        var shift = TlbiRange.GranuleShift(tg);
        var granule = (TranslationGranule)shift;
        var pages = TlbiRange.Granules(num, scale);
        var start = address & ~((1UL << shift) - 1);
        range = new InvalidationRange(start, pages << shift, ttl == 0 ? -1 : ttl, granule);
        return true;
    }

    private readonly record struct InvalidationRange(ulong Start, ulong Size, int Level, TranslationGranule? Granule);
}
