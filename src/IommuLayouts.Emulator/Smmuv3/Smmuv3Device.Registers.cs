using System;
using System.Threading;
using IommuLayouts.Specs.Smmuv3;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

using static IommuLayouts.Emulator.Registers.RegisterValue;
namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>The register file (Arm IHI 0070 §6; Linux arm-smmu-v3.h; QEMU smmuv3.c smmu_readl/smmu_writel).</summary>
public sealed partial class Smmuv3Device
{
    private Cr0 _cr0;
    private Cr1 _cr1;
    private Cr2 _cr2;
    private Gbpa _gbpa;
    private IrqCtrl _irqCtrl;
    private Gerror _gerror, _gerrorn;
    private IrqCfg0 _gerrorIrqCfg0, _eventqIrqCfg0;
    private uint _gerrorIrqCfg1, _eventqIrqCfg1;
    private IrqCfg2 _gerrorIrqCfg2, _eventqIrqCfg2;
    private StrtabBase _strtabBase;
    private StrtabBaseCfg _strtabBaseCfg;
    private QueueBase _cmdqBase;
    private QueueProdCons _cmdqProd, _cmdqCons;

    /// <summary>Resets every register to its architected reset value (caches are emptied).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            lock (_eventLock)
            {
                _cr0 = default;
                _cr1 = default;
                _cr2 = default;
                _gbpa = new Gbpa { SHCFG = ShcfgUseIncoming }; // ABORT = 0 (bypass while SMMUEN = 0): QEMU's reset value
                _irqCtrl = default;
                _gerror = _gerrorn = default;
                _gerrorIrqCfg0 = _eventqIrqCfg0 = default;
                _gerrorIrqCfg1 = _eventqIrqCfg1 = 0;
                _gerrorIrqCfg2 = _eventqIrqCfg2 = default;
                _strtabBase = default;
                _strtabBaseCfg = default;
                _cmdqBase = default;
                _cmdqProd = _cmdqCons = default;
                _eventqBase = default;
                _eventqProd = _eventqCons = default;
                _eventsEnabled = false;
                Publish();
            }
        }

        InvalidateEverything();
    }

    /// <summary>
    /// Reads the register at <paramref name="offset"/> (page 0, or page 1 at 0x10000 for EVENTQ_PROD/CONS) with a 32- or
    /// 64-bit access. Unimplemented and reserved registers read as zero.
    /// </summary>
    public ulong ReadRegister(ulong offset, int width = 32)
    {
        CheckAccess(offset, width);
        if (width == 64)
        {
            if (Is64BitRegister(offset))
            {
                lock (_lock)
                {
                    return Read64(offset);
                }
            }

            return ReadRegister(offset, 32) | (ReadRegister(offset + 4, 32) << 32);
        }

        lock (_lock)
        {
            var aligned = offset & ~7UL;
            if (Is64BitRegister(aligned))
            {
                var value = Read64(aligned);
                return (offset & 4) == 0 ? (uint)value : (uint)(value >> 32);
            }

            return Read32(offset);
        }
    }

    /// <summary>
    /// Writes the register at <paramref name="offset"/> with a 32- or 64-bit access; returns false when no register is
    /// there (the write is ignored). Read-only registers ignore writes (and return true).
    /// </summary>
    public bool WriteRegister(ulong offset, ulong value, int width = 32)
    {
        CheckAccess(offset, width);
        if (width == 64 && !Is64BitRegister(offset))
        {
            var low = WriteRegister(offset, (uint)value, 32);
            var high = WriteRegister(offset + 4, value >> 32, 32);
            return low || high;
        }

        var consume = false;
        bool known;
        lock (_lock)
        {
            var aligned = offset & ~7UL;
            if (width == 64)
            {
                known = Write64(offset, value, ref consume);
            }
            else if (Is64BitRegister(aligned))
            {
                var old = Read64(aligned);
                var merged = (offset & 4) == 0 ? ((old >> 32) << 32) | (uint)value : (uint)old | ((ulong)(uint)value << 32);
                known = Write64(aligned, merged, ref consume);
            }
            else
            {
                known = Write32(offset, (uint)value, ref consume);
            }

            if (consume)
            {
                ConsumeCommands();
            }
        }

        return known;
    }

    private static void CheckAccess(ulong offset, int width)
    {
        if (width is not (32 or 64))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "Register accesses are 32 or 64 bits wide.");
        }

        if (offset >= 2 * R.Page1 || (offset & (ulong)((width / 8) - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Register offsets are naturally aligned and inside the two 64 KB pages.");
        }
    }

    private static bool Is64BitRegister(ulong offset) => offset is R.GerrorIrqCfg0 or R.StrtabBase or R.CmdqBase or R.EventqBase or R.EventqIrqCfg0;

    private ulong Read64(ulong offset)
    {
        switch (offset)
        {
            case R.GerrorIrqCfg0: return _gerrorIrqCfg0.GetWord(0);
            case R.StrtabBase: return _strtabBase.GetWord(0);
            case R.CmdqBase: return _cmdqBase.GetWord(0);
            case R.EventqBase:
                lock (_eventLock)
                {
                    return _eventqBase.GetWord(0);
                }

            case R.EventqIrqCfg0: return _eventqIrqCfg0.GetWord(0);
            default: return 0;
        }
    }

    private uint Read32(ulong offset)
    {
        if (offset >= R.Page1)
        {
            // Page 1 holds only the event (and PRI) queue PROD/CONS (Linux arm_smmu_page1; QEMU aliases the pages).
            return offset is R.Page1EventqProd or R.Page1EventqCons ? Read32(offset - R.Page1) : 0;
        }

        var caps = Capabilities;
        switch (offset)
        {
            case R.Idr0: return Word(caps.Idr0);
            case R.Idr1: return Word(caps.Idr1);
            case R.Idr3: return Word(caps.Idr3);
            case R.Idr5: return Word(caps.Idr5);
            case R.Iidr: return Word(ImplementationId);
            case R.Aidr: return Word(ArchitectureRevision);
            case R.Cr0: return Word(_cr0);
            case R.Cr0Ack: return Word(_cr0); // updates complete at once
            case R.Cr1: return Word(_cr1);
            case R.Cr2: return Word(_cr2);
            case R.Gbpa: return Word(_gbpa); // UPDATE always reads 0: an update completes when written
            case R.Agbpa: return 0;
            case R.IrqCtrl: return Word(_irqCtrl);
            case R.IrqCtrlAck: return Word(_irqCtrl);
            case R.Gerror: return Word(_gerror);
            case R.Gerrorn: return Word(_gerrorn);
            case R.GerrorIrqCfg1: return _gerrorIrqCfg1;
            case R.GerrorIrqCfg2: return Word(_gerrorIrqCfg2);
            case R.StrtabBaseCfg: return Word(_strtabBaseCfg);
            case R.CmdqProd: return Word(_cmdqProd);
            case R.CmdqCons: return Word(_cmdqCons);
            case R.EventqProd:
                lock (_eventLock)
                {
                    return Word(_eventqProd);
                }

            case R.EventqCons:
                lock (_eventLock)
                {
                    return Word(_eventqCons);
                }

            case R.EventqIrqCfg1: return _eventqIrqCfg1;
            case R.EventqIrqCfg2: return Word(_eventqIrqCfg2);
            default: return 0;
        }
    }

    private bool Write64(ulong offset, ulong value, ref bool consume)
    {
        _ = consume;
        switch (offset)
        {
            case R.GerrorIrqCfg0:
                _gerrorIrqCfg0 = Declared<IrqCfg0>(value);
                return true;
            case R.EventqIrqCfg0:
                _eventqIrqCfg0 = Declared<IrqCfg0>(value);
                return true;
            case R.StrtabBase:
                // Read-only while the SMMU is enabled (Arm IHI 0070 §6.3.23).
                if (!_cr0.SMMUEN)
                {
                    _strtabBase = Declared<StrtabBase>(value);
                    Publish();
                }

                return true;
            case R.CmdqBase:
                if (!_cr0.CMDQEN)
                {
                    _cmdqBase = Declared<QueueBase>(value);
                }

                return true;
            case R.EventqBase:
                lock (_eventLock)
                {
                    if (!_cr0.EVTQEN)
                    {
                        _eventqBase = Declared<QueueBase>(value);
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private bool Write32(ulong offset, uint value, ref bool consume)
    {
        if (offset >= R.Page1)
        {
            return offset is R.Page1EventqProd or R.Page1EventqCons && Write32(offset - R.Page1, value, ref consume);
        }

        switch (offset)
        {
            case R.Idr0 or R.Idr1 or R.Idr2 or R.Idr3 or R.Idr4 or R.Idr5 or R.Iidr or R.Aidr or R.Cr0Ack or R.IrqCtrlAck or R.Statusr or R.Gerror:
                return true; // read-only
            case R.Cr0:
                {
                    var cmdqWasEnabled = _cr0.CMDQEN;
                    var written = new Cr0(value);
                    // VMW needs IDR0.VMW, which the model does not implement.
                    _cr0 = new Cr0
                    {
                        SMMUEN = written.SMMUEN,
                        PRIQEN = written.PRIQEN,
                        EVTQEN = written.EVTQEN,
                        CMDQEN = written.CMDQEN,
                        ATSCHK = written.ATSCHK,
                    };
                    lock (_eventLock)
                    {
                        _eventsEnabled = _cr0.EVTQEN;
                    }

                    Publish();
                    consume = _cr0.CMDQEN && !cmdqWasEnabled;
                    return true;
                }

            case R.Cr1:
                _cr1 = Declared<Cr1>(value);
                return true;
            case R.Cr2:
                {
                    // E2H needs IDR0.HYP, which the model does not implement.
                    var written = new Cr2(value);
                    _cr2 = new Cr2 { RECINVSID = written.RECINVSID, PTM = written.PTM };
                    return true;
                }

            case R.Gbpa:
                {
                    // Only a write with UPDATE = 1 changes GBPA (Arm IHI 0070 §6.3.14; QEMU smmu_writel); the update
                    // completes at once, so UPDATE reads back as 0 and software's poll ends immediately.
                    var written = Declared<Gbpa>(value);
                    if (written.UPDATE)
                    {
                        written.UPDATE = false;
                        _gbpa = written;
                        Publish();
                    }

                    return true;
                }

            case R.IrqCtrl:
                {
                    // No PRI queue (IDR0.PRI = 0): PRIQ_IRQEN is RES0.
                    var written = new IrqCtrl(value);
                    _irqCtrl = new IrqCtrl { GERROR_IRQEN = written.GERROR_IRQEN, EVTQ_IRQEN = written.EVTQ_IRQEN };
                    return true;
                }

            case R.Gerrorn:
                {
                    var written = Declared<Gerror>(value);
                    var acknowledged = CommandQueueErrorActive && written.CMDQ_ERR == _gerror.CMDQ_ERR;
                    _gerrorn = written;
                    // An acknowledged command-queue error lets consumption resume at CMDQ_CONS (QEMU smmuv3_cmdq_consume
                    // checks smmuv3_cmdq_err; the architecture resumes after the GERRORN write).
                    consume = acknowledged && _cr0.CMDQEN;
                    return true;
                }

            case R.GerrorIrqCfg1:
                _gerrorIrqCfg1 = value;
                return true;
            case R.GerrorIrqCfg2:
                _gerrorIrqCfg2 = Declared<IrqCfg2>(value);
                return true;
            case R.StrtabBaseCfg:
                if (!_cr0.SMMUEN)
                {
                    _strtabBaseCfg = Declared<StrtabBaseCfg>(value);
                    Publish();
                }

                return true;
            case R.CmdqProd:
                _cmdqProd = new QueueProdCons { WrapIndex = new QueueProdCons(value).WrapIndex };
                consume = _cr0.CMDQEN;
                return true;
            case R.CmdqCons:
                // Software may set CONS only while the queue is disabled.
                if (!_cr0.CMDQEN)
                {
                    var written = new QueueProdCons(value);
                    _cmdqCons = new QueueProdCons { WrapIndex = written.WrapIndex, ERR = written.ERR };
                }

                return true;
            case R.EventqProd:
                lock (_eventLock)
                {
                    if (!_eventsEnabled)
                    {
                        var written = new QueueProdCons(value);
                        _eventqProd = new QueueProdCons { WrapIndex = written.WrapIndex, OVF = written.OVF };
                    }
                }

                return true;
            case R.EventqCons:
                lock (_eventLock)
                {
                    // CONS.OVACKFLG (bit 31, the OVF position) acknowledges an overflow when it equals PROD.OVF.
                    var written = new QueueProdCons(value);
                    _eventqCons = new QueueProdCons { WrapIndex = written.WrapIndex, OVF = written.OVF };
                }

                return true;
            case R.EventqIrqCfg1:
                _eventqIrqCfg1 = value;
                return true;
            case R.EventqIrqCfg2:
                _eventqIrqCfg2 = Declared<IrqCfg2>(value);
                return true;
            case R.PriqProd or R.PriqCons or R.PriqBase or R.PriqBase + 4:
                return true; // no PRI queue (IDR0.PRI = 0): RAZ/WI
            default:
                return false;
        }
    }

    /// <summary>IIDR: Arm (0x43B, JEP106) implementer, product 0 (not a real part).</summary>
    private static readonly Iidr ImplementationId = new() { Implementer = 0x43B };

    /// <summary>AIDR: SMMUv3.2 (ArchMajorRev 0, ArchMinorRev 2): range invalidation is a v3.2 feature.</summary>
    private static readonly Aidr ArchitectureRevision = new() { ArchMajorRev = 0, ArchMinorRev = 2 };

    /// <summary>GBPA.SHCFG = 0b01, "use incoming" (Arm IHI 0070 SMMU_GBPA).</summary>
    private const byte ShcfgUseIncoming = 1;

    /// <summary>GERROR.CMDQ_ERR alone.</summary>
    private static readonly Gerror CommandQueueError = new() { CMDQ_ERR = true };

    /// <summary>GERROR.EVTQ_ABT_ERR alone.</summary>
    private static readonly Gerror EventQueueAbortError = new() { EVTQ_ABT_ERR = true };

    /// <summary>GERROR.MSI_CMDQ_ABT_ERR alone.</summary>
    private static readonly Gerror SyncMsiAbortError = new() { MSI_CMDQ_ABT_ERR = true };

    /// <summary>True while the command-queue error is active (GERROR.CMDQ_ERR differs from GERRORN.CMDQ_ERR).</summary>
    private bool CommandQueueErrorActive => _gerror.CMDQ_ERR != _gerrorn.CMDQ_ERR;

    /// <summary>Publishes the register state translations read (called under <see cref="_lock"/>).</summary>
    private void Publish()
    {
        Volatile.Write(ref _control, new Smmuv3Control(_cr0.SMMUEN, _gbpa.ABORT, _strtabBase, _strtabBaseCfg));
    }

    /// <summary>Toggles a GERROR bit unless that error is already active (GERROR ^ GERRORN); called under <see cref="_lock"/> or <see cref="_eventLock"/>.</summary>
    private void RaiseGlobalError(Gerror error)
    {
        var bit = error.GetWord(0);
        lock (_gerrorLock)
        {
            var active = _gerror.Word ^ _gerrorn.GetWord(0);
            if ((active & bit) == 0)
            {
                _gerror = new Gerror(_gerror.Word ^ bit);
            }
        }
    }

    private readonly Lock _gerrorLock = new();
}
