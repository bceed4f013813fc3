using System;
using System.Threading;
using IommuLayouts.Specs.Smmuv3;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>The register file (Arm IHI 0070 §6; Linux arm-smmu-v3.h; QEMU smmuv3.c smmu_readl/smmu_writel).</summary>
public sealed partial class Smmuv3Device
{
    // Implemented bits of the writable registers (Linux/QEMU field masks).
    private const uint Cr0SmmuEn = 1, Cr0EvtqEn = 4, Cr0CmdqEn = 8, GbpaAbort = 1u << 20;
    private const uint Cr0Mask = 0x1F;           // SMMUEN, PRIQEN, EVTQEN, CMDQEN, ATSCHK (VMW needs IDR0.VMW)
    private const uint Cr1Mask = 0xFFF;
    private const uint Cr2Mask = 0x6;            // RECINVSID, PTM (E2H needs IDR0.HYP)
    private const uint GbpaMask = 0x001F_3F1F;   // MemAttr, MTCFG, ALLOCCFG, SHCFG, PRIVCFG, INSTCFG, ABORT
    private const uint IrqCtrlMask = 0x5;        // GERROR_IRQEN, EVTQ_IRQEN (no PRI queue)
    private const uint GerrorMask = 0x1FD;       // Linux GERROR_ERR_MASK
    private const ulong QueueBaseMask = 0x400F_FFFF_FFFF_FFFFUL; // RWA, ADDR[51:5], LOG2SIZE
    private const ulong StrtabBaseMask = 0x400F_FFFF_FFFF_FFC0UL; // RA, ADDR[51:6]
    private const uint StrtabBaseCfgMask = 0x3_07FF;
    private const ulong IrqCfg0Mask = 0x000F_FFFF_FFFF_FFFCUL; // ADDR[51:2]

    private uint _cr0, _cr1, _cr2, _gbpa, _irqCtrl, _gerror, _gerrorn;
    private ulong _gerrorIrqCfg0, _eventqIrqCfg0;
    private uint _gerrorIrqCfg1, _gerrorIrqCfg2, _eventqIrqCfg1, _eventqIrqCfg2;
    private ulong _strtabBase;
    private uint _strtabBaseCfg;
    private ulong _cmdqBase;
    private uint _cmdqProd, _cmdqCons;

    /// <summary>Resets every register to its architected reset value (caches are emptied).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            lock (_eventLock)
            {
                _cr0 = _cr1 = _cr2 = 0;
                _gbpa = 0x1000; // ABORT = 0 (bypass while SMMUEN = 0), SHCFG = use incoming: QEMU's reset value
                _irqCtrl = _gerror = _gerrorn = 0;
                _gerrorIrqCfg0 = _eventqIrqCfg0 = 0;
                _gerrorIrqCfg1 = _gerrorIrqCfg2 = _eventqIrqCfg1 = _eventqIrqCfg2 = 0;
                _strtabBase = 0;
                _strtabBaseCfg = 0;
                _cmdqBase = 0;
                _cmdqProd = _cmdqCons = 0;
                _eventqBase = 0;
                _eventqProd = _eventqCons = 0;
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
                var merged = (offset & 4) == 0 ? (old & 0xFFFF_FFFF_0000_0000UL) | (uint)value : (old & 0xFFFF_FFFFUL) | ((ulong)(uint)value << 32);
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

    private ulong Read64(ulong offset) => offset switch
    {
        R.GerrorIrqCfg0 => _gerrorIrqCfg0,
        R.StrtabBase => _strtabBase,
        R.CmdqBase => _cmdqBase,
        R.EventqBase => Volatile.Read(ref _eventqBase),
        R.EventqIrqCfg0 => _eventqIrqCfg0,
        _ => 0,
    };

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
            case R.Idr0: return (uint)caps.Idr0.GetWord(0);
            case R.Idr1: return (uint)caps.Idr1.GetWord(0);
            case R.Idr3: return (uint)caps.Idr3.GetWord(0);
            case R.Idr5: return (uint)caps.Idr5.GetWord(0);
            case R.Iidr: return IidrValue;
            case R.Aidr: return AidrValue;
            case R.Cr0: return _cr0;
            case R.Cr0Ack: return _cr0; // updates complete at once
            case R.Cr1: return _cr1;
            case R.Cr2: return _cr2;
            case R.Gbpa: return _gbpa; // UPDATE always reads 0: an update completes when written
            case R.Agbpa: return 0;
            case R.IrqCtrl: return _irqCtrl;
            case R.IrqCtrlAck: return _irqCtrl;
            case R.Gerror: return _gerror;
            case R.Gerrorn: return _gerrorn;
            case R.GerrorIrqCfg1: return _gerrorIrqCfg1;
            case R.GerrorIrqCfg2: return _gerrorIrqCfg2;
            case R.StrtabBaseCfg: return _strtabBaseCfg;
            case R.CmdqProd: return _cmdqProd;
            case R.CmdqCons: return _cmdqCons;
            case R.EventqProd:
                lock (_eventLock)
                {
                    return _eventqProd;
                }

            case R.EventqCons:
                lock (_eventLock)
                {
                    return _eventqCons;
                }

            case R.EventqIrqCfg1: return _eventqIrqCfg1;
            case R.EventqIrqCfg2: return _eventqIrqCfg2;
            default: return 0;
        }
    }

    private bool Write64(ulong offset, ulong value, ref bool consume)
    {
        _ = consume;
        switch (offset)
        {
            case R.GerrorIrqCfg0:
                _gerrorIrqCfg0 = value & IrqCfg0Mask;
                return true;
            case R.EventqIrqCfg0:
                _eventqIrqCfg0 = value & IrqCfg0Mask;
                return true;
            case R.StrtabBase:
                // Read-only while the SMMU is enabled (Arm IHI 0070 §6.3.23).
                if ((_cr0 & Cr0SmmuEn) == 0)
                {
                    _strtabBase = value & StrtabBaseMask;
                    Publish();
                }

                return true;
            case R.CmdqBase:
                if ((_cr0 & Cr0CmdqEn) == 0)
                {
                    _cmdqBase = value & QueueBaseMask;
                }

                return true;
            case R.EventqBase:
                lock (_eventLock)
                {
                    if ((_cr0 & Cr0EvtqEn) == 0)
                    {
                        _eventqBase = value & QueueBaseMask;
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
                    var old = _cr0;
                    _cr0 = value & Cr0Mask;
                    lock (_eventLock)
                    {
                        _eventsEnabled = (_cr0 & Cr0EvtqEn) != 0;
                    }

                    Publish();
                    consume = (_cr0 & Cr0CmdqEn) != 0 && (old & Cr0CmdqEn) == 0;
                    return true;
                }

            case R.Cr1:
                _cr1 = value & Cr1Mask;
                return true;
            case R.Cr2:
                _cr2 = value & Cr2Mask;
                return true;
            case R.Gbpa:
                // Only a write with UPDATE = 1 changes GBPA (Arm IHI 0070 §6.3.14; QEMU smmu_writel); the update
                // completes at once, so UPDATE reads back as 0 and software's poll ends immediately.
                if ((value & 0x8000_0000u) != 0)
                {
                    _gbpa = value & GbpaMask;
                    Publish();
                }

                return true;
            case R.IrqCtrl:
                _irqCtrl = value & IrqCtrlMask;
                return true;
            case R.Gerrorn:
                {
                    var acknowledged = (_gerror ^ _gerrorn) & ~(_gerror ^ value) & 1;
                    _gerrorn = value & GerrorMask;
                    // An acknowledged command-queue error lets consumption resume at CMDQ_CONS (QEMU smmuv3_cmdq_consume
                    // checks smmuv3_cmdq_err; the architecture resumes after the GERRORN write).
                    consume = acknowledged != 0 && (_cr0 & Cr0CmdqEn) != 0;
                    return true;
                }

            case R.GerrorIrqCfg1:
                _gerrorIrqCfg1 = value;
                return true;
            case R.GerrorIrqCfg2:
                _gerrorIrqCfg2 = value & 0x3F;
                return true;
            case R.StrtabBaseCfg:
                if ((_cr0 & Cr0SmmuEn) == 0)
                {
                    _strtabBaseCfg = value & StrtabBaseCfgMask;
                    Publish();
                }

                return true;
            case R.CmdqProd:
                _cmdqProd = value & 0x000F_FFFF;
                consume = (_cr0 & Cr0CmdqEn) != 0;
                return true;
            case R.CmdqCons:
                // Software may set CONS only while the queue is disabled.
                if ((_cr0 & Cr0CmdqEn) == 0)
                {
                    _cmdqCons = value & 0x7F0F_FFFF;
                }

                return true;
            case R.EventqProd:
                lock (_eventLock)
                {
                    if (!_eventsEnabled)
                    {
                        _eventqProd = value & 0x800F_FFFF;
                    }
                }

                return true;
            case R.EventqCons:
                lock (_eventLock)
                {
                    // CONS.OVACKFLG (bit 31) acknowledges an overflow when it equals PROD.OVF.
                    _eventqCons = value & 0x800F_FFFF;
                }

                return true;
            case R.EventqIrqCfg1:
                _eventqIrqCfg1 = value;
                return true;
            case R.EventqIrqCfg2:
                _eventqIrqCfg2 = value & 0x3F;
                return true;
            case R.PriqProd or R.PriqCons or R.PriqBase or R.PriqBase + 4:
                return true; // no PRI queue (IDR0.PRI = 0): RAZ/WI
            default:
                return false;
        }
    }

    /// <summary>IIDR: Arm (0x43B) implementer, product 0 (not a real part).</summary>
    private const uint IidrValue = 0x43B;

    /// <summary>AIDR: SMMUv3.2 (ArchMajorRev 0, ArchMinorRev 2): range invalidation is a v3.2 feature.</summary>
    private const uint AidrValue = 0x02;

    /// <summary>Publishes the register state translations read (called under <see cref="_lock"/>).</summary>
    private void Publish()
    {
        Volatile.Write(ref _control, new Smmuv3Control((_cr0 & Cr0SmmuEn) != 0, (_gbpa & GbpaAbort) != 0, _strtabBase, _strtabBaseCfg));
    }

    /// <summary>Toggles a GERROR bit unless that error is already active (GERROR ^ GERRORN); called under <see cref="_lock"/> or <see cref="_eventLock"/>.</summary>
    private void RaiseGlobalError(uint bit)
    {
        lock (_gerrorLock)
        {
            if (((_gerror ^ _gerrorn) & bit) == 0)
            {
                _gerror ^= bit;
            }
        }
    }

    private readonly Lock _gerrorLock = new();
}
