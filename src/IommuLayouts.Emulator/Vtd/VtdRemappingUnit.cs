using System;
using System.Threading;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// A model of an Intel VT-d DMA-remapping unit: the register file (MMIO by offset), legacy and scalable-mode
/// translation (root → context → [PASID directory → PASID entry] → first-stage, second-stage, nested or
/// pass-through), fault recording in CAP.NFR + 1 fault-recording registers, the invalidation queue with 128- and
/// 256-bit descriptors, register-based invalidation, and explicit, tagged caches whose stale entries stay until
/// the guest invalidates them.
/// </summary>
/// <remarks>
/// <para>QEMU's hw/i386/intel_iommu.c is the open reference for the flow; this model goes further where QEMU stops
/// (several FRCDs, 5-level first stage, nested PGTT, RID_PASID, scalable-mode fault codes in scalable mode,
/// PASID-entry reserved bits, an IOTLB that never flushes itself wholesale). Files: VtdRemappingUnit.cs (registers),
/// VtdRemappingUnit.RootContext.cs, VtdRemappingUnit.PasidTables.cs, VtdRemappingUnit.Translation.cs, VtdRemappingUnit.Faults.cs,
/// VtdRemappingUnit.InvalidationQueue.cs, VtdRemappingUnit.Caches.cs.</para>
/// <para>Concurrency: <see cref="Translate"/> may run on many threads while registers are written. Register
/// writes, queue processing, fault recording and cache fills take one lock; a request that hits the caches takes
/// none and allocates nothing. A cache fill is dropped when an invalidation ran during its walk.</para>
/// </remarks>
public sealed partial class VtdRemappingUnit
{
    private const uint GcmdTe = 1u << 31;
    private const uint GcmdSrtp = 1u << 30;
    private const uint GcmdQie = 1u << 26;
    private const uint FstsPfo = 1u << 0;
    private const uint FstsPpf = 1u << 1;
    private const uint FstsIqe = 1u << 4;
    private const uint FstsWriteOneToClear = 0x7Du; // PFO, AFO, APF, IQE, ICE, ITE (PPF is derived, FRI read-only)
    private const uint FectlIm = 1u << 31;
    private const uint FectlIp = 1u << 30;

    private readonly Lock _lock = new();
    private readonly ulong[] _frcd;
    private readonly int _iotlbOffset;
    private readonly int _frcdOffset;
    private readonly ulong _cap;
    private readonly ulong _ecap;

    private RootState _root = RootState.Disabled;
    private ulong _latchedRoot;
    private RootTableTranslationMode _latchedMode;
    private uint _gsts;
    private ulong _rtaddr;
    private ulong _ccmd;
    private ulong _iva;
    private ulong _iotlbReg;
    private uint _fsts;
    private uint _fectl = FectlIm;
    private uint _fedata;
    private uint _feaddr;
    private uint _feuaddr;
    private int _nextFrcd;
    private ulong _iqa;
    private ulong _iqaLatched;
    private ulong _iqh;
    private ulong _iqt;
    private uint _ics;
    private uint _iectl = FectlIm;
    private uint _iedata;
    private uint _ieaddr;
    private uint _ieuaddr;
    private ulong _iqercd;
    private long _faultEvents;
    private long _invalidationEvents;

    /// <summary>A unit over <paramref name="memory"/> with <paramref name="capabilities"/> (default: everything on).</summary>
    public VtdRemappingUnit(IGuestMemory memory, VtdCapabilities? capabilities = null, VtdCacheOptions? caches = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        Memory = memory;
        _walker = new PageTableWalker(memory);
        Capabilities = capabilities ?? new VtdCapabilities();
        Capabilities.Validate();
        caches ??= new VtdCacheOptions();
        _iotlb = new Tlb<VtdIotlbValue>(caches.Iotlb);
        _contextCache = new TaggedCache<ConfigCacheKey, VtdContextCacheEntry>(caches.ContextCache);
        _pasidCache = new TaggedCache<ConfigCacheKey, VtdPasidCacheEntry>(caches.PasidCache);
        _frcd = new ulong[2 * Capabilities.FaultRecordingRegisters];
        _iotlbOffset = Capabilities.IotlbRegisterByteOffset;
        _frcdOffset = Capabilities.FaultRecordingByteOffset;
        _cap = Capabilities.ToCapabilityRegister().Word;
        _ecap = Capabilities.ToExtendedCapabilityRegister().Word;
    }

    /// <summary>The guest memory the unit reads tables from and writes statuses to.</summary>
    public IGuestMemory Memory { get; }

    /// <summary>What the unit implements.</summary>
    public VtdCapabilities Capabilities { get; }

    /// <summary>Fault events signalled (FEDATA/FEADDR messages the unit would send).</summary>
    public long FaultEventCount => Interlocked.Read(ref _faultEvents);

    /// <summary>Invalidation-completion events signalled (IEDATA/IEADDR messages).</summary>
    public long InvalidationEventCount => Interlocked.Read(ref _invalidationEvents);

    /// <summary>Entries in the IOTLB.</summary>
    public int IotlbCount => _iotlb.Count;

    /// <summary>Entries in the context cache.</summary>
    public int ContextCacheCount => _contextCache.Count;

    /// <summary>Entries in the PASID cache.</summary>
    public int PasidCacheCount => _pasidCache.Count;

    /// <summary>Reads a register; <paramref name="width"/> 32 or 64. Offsets with no register read as zero.</summary>
    public ulong ReadRegister(ulong offset, int width)
    {
        CheckAccess(offset, width);
        lock (_lock)
        {
            if (width == 64)
            {
                return Read32((int)offset) | ((ulong)Read32((int)offset + 4) << 32);
            }

            return Read32((int)offset);
        }
    }

    /// <summary>Writes a register; false when no register is at <paramref name="offset"/>. Read-only registers ignore writes.</summary>
    public bool WriteRegister(ulong offset, ulong value, int width)
    {
        CheckAccess(offset, width);
        lock (_lock)
        {
            var o = (int)offset;
            if (width == 64)
            {
                if (Is64BitRegister(o))
                {
                    Write64(o, value, ulong.MaxValue);
                    return true;
                }

                var low = Write32(o, (uint)value);
                var high = Write32(o + 4, (uint)(value >> 32));
                return low || high;
            }

            return Write32(o, (uint)value);
        }
    }

    /// <summary>True when a register lives at <paramref name="offset"/> (aligned to 4).</summary>
    public bool HasRegister(ulong offset) => offset < 0x10000 && (offset & 3) == 0 && (Is32BitRegister((int)offset) || Is64BitRegister((int)offset & ~7));

    private static void CheckAccess(ulong offset, int width)
    {
        if (width is not (32 or 64))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "Registers are accessed 32 or 64 bits wide.");
        }

        if (offset >= 0x10000 || (offset & (ulong)((width / 8) - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Register offsets are aligned to the access width and below 0x10000.");
        }
    }

    private static bool Is32BitRegister(int o) => o is VtdRegisterOffsets.Version or VtdRegisterOffsets.GlobalCommand or VtdRegisterOffsets.GlobalStatus
        or VtdRegisterOffsets.FaultStatus or VtdRegisterOffsets.FaultEventControl or VtdRegisterOffsets.FaultEventData
        or VtdRegisterOffsets.FaultEventAddress or VtdRegisterOffsets.FaultEventUpperAddress or VtdRegisterOffsets.InvalidationCompletionStatus
        or VtdRegisterOffsets.InvalidationEventControl or VtdRegisterOffsets.InvalidationEventData or VtdRegisterOffsets.InvalidationEventAddress
        or VtdRegisterOffsets.InvalidationEventUpperAddress;

    private bool Is64BitRegister(int o) => o is VtdRegisterOffsets.Capability or VtdRegisterOffsets.ExtendedCapability or VtdRegisterOffsets.RootTableAddress
        or VtdRegisterOffsets.ContextCommand or VtdRegisterOffsets.InvalidationQueueHead or VtdRegisterOffsets.InvalidationQueueTail
        or VtdRegisterOffsets.InvalidationQueueAddress or VtdRegisterOffsets.InvalidationQueueErrorRecord
        || o == _iotlbOffset || o == _iotlbOffset + 8 || (o >= _frcdOffset && o < _frcdOffset + (8 * _frcd.Length));

    private uint Read32(int o)
    {
        switch (o)
        {
            case VtdRegisterOffsets.Version: return 0x10; // QEMU VTD_VER_REG (1.0); the model has no other version to claim
            case VtdRegisterOffsets.GlobalCommand: return 0;
            case VtdRegisterOffsets.GlobalStatus: return _gsts;
            case VtdRegisterOffsets.FaultStatus: return _fsts;
            case VtdRegisterOffsets.FaultEventControl: return _fectl;
            case VtdRegisterOffsets.FaultEventData: return _fedata;
            case VtdRegisterOffsets.FaultEventAddress: return _feaddr;
            case VtdRegisterOffsets.FaultEventUpperAddress: return _feuaddr;
            case VtdRegisterOffsets.InvalidationCompletionStatus: return _ics;
            case VtdRegisterOffsets.InvalidationEventControl: return _iectl;
            case VtdRegisterOffsets.InvalidationEventData: return _iedata;
            case VtdRegisterOffsets.InvalidationEventAddress: return _ieaddr;
            case VtdRegisterOffsets.InvalidationEventUpperAddress: return _ieuaddr;
        }

        var b = o & ~7;
        var shift = (o & 4) * 8;
        if (!Is64BitRegister(b))
        {
            return 0;
        }

        return (uint)(Read64(b) >> shift);
    }

    private ulong Read64(int o)
    {
        switch (o)
        {
            case VtdRegisterOffsets.Capability: return _cap;
            case VtdRegisterOffsets.ExtendedCapability: return _ecap;
            case VtdRegisterOffsets.RootTableAddress: return _rtaddr;
            case VtdRegisterOffsets.ContextCommand: return _ccmd;
            case VtdRegisterOffsets.InvalidationQueueHead: return _iqh;
            case VtdRegisterOffsets.InvalidationQueueTail: return _iqt;
            case VtdRegisterOffsets.InvalidationQueueAddress: return _iqa;
            case VtdRegisterOffsets.InvalidationQueueErrorRecord: return _iqercd;
        }

        if (o == _iotlbOffset)
        {
            return _iva;
        }

        if (o == _iotlbOffset + 8)
        {
            return _iotlbReg;
        }

        return _frcd[(o - _frcdOffset) / 8];
    }

    private bool Write32(int o, uint value)
    {
        switch (o)
        {
            case VtdRegisterOffsets.GlobalCommand:
                WriteGlobalCommand(value);
                return true;
            case VtdRegisterOffsets.FaultStatus:
                WriteFaultStatus(value);
                return true;
            case VtdRegisterOffsets.FaultEventControl:
                WriteFaultEventControl(value);
                return true;
            case VtdRegisterOffsets.FaultEventData:
                _fedata = value;
                return true;
            case VtdRegisterOffsets.FaultEventAddress:
                _feaddr = value & ~3u;
                return true;
            case VtdRegisterOffsets.FaultEventUpperAddress:
                _feuaddr = value;
                return true;
            case VtdRegisterOffsets.InvalidationCompletionStatus:
                if ((value & 1) != 0)
                {
                    _ics = 0;
                    _iectl &= ~FectlIp;
                }

                return true;
            case VtdRegisterOffsets.InvalidationEventControl:
                _iectl = (_iectl & ~FectlIm) | (value & FectlIm);
                if ((_iectl & (FectlIm | FectlIp)) == FectlIp)
                {
                    _iectl &= ~FectlIp;
                    Interlocked.Increment(ref _invalidationEvents);
                }

                return true;
            case VtdRegisterOffsets.InvalidationEventData:
                _iedata = value;
                return true;
            case VtdRegisterOffsets.InvalidationEventAddress:
                _ieaddr = value & ~3u;
                return true;
            case VtdRegisterOffsets.InvalidationEventUpperAddress:
                _ieuaddr = value;
                return true;
            case VtdRegisterOffsets.Version:
            case VtdRegisterOffsets.GlobalStatus:
                return true;
        }

        var b = o & ~7;
        if (!Is64BitRegister(b))
        {
            return false;
        }

        var shift = (o & 4) * 8;
        Write64(b, (ulong)value << shift, 0xFFFF_FFFFUL << shift);
        return true;
    }

    /// <summary>Writes the bytes of <paramref name="mask"/> of a 64-bit register.</summary>
    private void Write64(int o, ulong value, ulong mask)
    {
        switch (o)
        {
            case VtdRegisterOffsets.RootTableAddress:
                // Bits 9:0 are reserved (QEMU writable mask 0xffff_ffff_ffff_fc00).
                _rtaddr = Merge(_rtaddr, value & ~0x3FFUL, mask);
                return;
            case VtdRegisterOffsets.ContextCommand:
                WriteContextCommand(Merge(_ccmd, value, mask), (mask >> 63) != 0);
                return;
            case VtdRegisterOffsets.InvalidationQueueTail:
                _iqt = Merge(_iqt, value, mask) & 0x7FFF0UL;
                ProcessInvalidationQueue();
                return;
            case VtdRegisterOffsets.InvalidationQueueAddress:
                _iqa = Merge(_iqa, value, mask) & ~0x7F8UL;
                return;
            case VtdRegisterOffsets.Capability:
            case VtdRegisterOffsets.ExtendedCapability:
            case VtdRegisterOffsets.InvalidationQueueHead:
            case VtdRegisterOffsets.InvalidationQueueErrorRecord:
                return;
        }

        if (o == _iotlbOffset)
        {
            _iva = Merge(_iva, value, mask) & ~0xF80UL;
            return;
        }

        if (o == _iotlbOffset + 8)
        {
            WriteIotlbRegister(Merge(_iotlbReg, value, mask), (mask >> 63) != 0);
            return;
        }

        var index = (o - _frcdOffset) / 8;
        if ((index & 1) == 1 && (mask >> 63) != 0 && (value >> 63) != 0)
        {
            // F is RW1C; the rest of the record is read-only.
            ClearFaultRecord(index / 2);
        }
    }

    private static ulong Merge(ulong old, ulong value, ulong mask) => (old & ~mask) | (value & mask);

    private void WriteGlobalCommand(uint value)
    {
        // TE, QIE (and IRE, CFI) are persistent: GCMD holds their desired state. SRTP (and SFL, WBF, SIRTP) are
        // one-shot: writing 1 performs the command (Linux writes gsts | cmd, iommu_set_root_entry).
        if ((value & GcmdSrtp) != 0)
        {
            SetRootTablePointer();
        }

        var te = (value & GcmdTe) != 0;
        if (te != ((_gsts & GcmdTe) != 0))
        {
            _gsts = te ? _gsts | GcmdTe : _gsts & ~GcmdTe;
            ResetFaultRecordIndexWhenDisabled();
            PublishRoot();
        }

        var qie = (value & GcmdQie) != 0;
        if (qie != ((_gsts & GcmdQie) != 0) && Capabilities.QueuedInvalidation)
        {
            if (qie)
            {
                // Enabling latches IQA and starts from the first descriptor (QEMU vtd_handle_gcmd_qie).
                _iqaLatched = _iqa;
                _iqh = 0;
                _gsts |= GcmdQie;
                ProcessInvalidationQueue();
            }
            else if (_iqh == _iqt)
            {
                // Disabling needs a quiescent queue (QEMU refuses otherwise).
                _gsts &= ~GcmdQie;
                _iqh = 0;
            }
        }
    }

    private void SetRootTablePointer()
    {
        _gsts |= GcmdSrtp; // RTPS
        var mode = (RootTableTranslationMode)((_rtaddr >> 10) & 3);
        _latchedRoot = (_rtaddr & ~0xFFFUL) & AddressMask(Capabilities.HostAddressWidth);
        _latchedMode = mode;
        if (Capabilities.EnhancedSetRootTablePointer)
        {
            InvalidateEverything();
        }

        PublishRoot();
    }

    private void PublishRoot()
    {
        var mode = _latchedMode;
        var valid = mode switch
        {
            RootTableTranslationMode.Legacy => true,
            RootTableTranslationMode.Scalable => Capabilities.ScalableMode,
            RootTableTranslationMode.AbortDma => Capabilities.AbortDmaMode,
            _ => false,
        };
        using (_epoch.Invalidate())
        {
            Volatile.Write(ref _root, new RootState((_gsts & GcmdTe) != 0, mode, _latchedRoot, valid));
        }
    }

    private static ulong AddressMask(int width) => width >= 64 ? ulong.MaxValue : (1UL << width) - 1;

    /// <summary>The translation state requests read without a lock, replaced whole on TE and SRTP.</summary>
    private sealed class RootState(bool enabled, RootTableTranslationMode mode, ulong table, bool modeValid)
    {
        public static readonly RootState Disabled = new(false, RootTableTranslationMode.Legacy, 0, true);

        public bool Enabled { get; } = enabled;

        public RootTableTranslationMode Mode { get; } = mode;

        public ulong Table { get; } = table;

        public bool ModeValid { get; } = modeValid;

        public bool Scalable => Mode == RootTableTranslationMode.Scalable;
    }
}
