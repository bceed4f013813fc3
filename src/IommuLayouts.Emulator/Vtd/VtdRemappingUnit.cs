using System;
using System.Threading;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;

using static IommuLayouts.Emulator.Registers.RegisterValue;
namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// A model of an Intel VT-d DMA-remapping unit: the register file (MMIO by offset), legacy and scalable-mode
/// translation (root → context → [PASID directory → PASID entry] → first-stage, second-stage, nested or
/// pass-through), fault recording in CAP.NFR + 1 fault-recording registers, the invalidation queue with 128- and
/// 256-bit descriptors, register-based invalidation, interrupt remapping (remapped and posted IRTEs, the
/// interrupt-entry cache), and explicit, tagged caches whose stale entries stay until the guest invalidates them.
/// </summary>
/// <remarks>
/// <para>QEMU's hw/i386/intel_iommu.c is the open reference for the flow; this model goes further where QEMU stops
/// (several FRCDs, 5-level first stage, nested PGTT, RID_PASID, scalable-mode fault codes in scalable mode,
/// PASID-entry reserved bits, an IOTLB that never flushes itself wholesale). Files: VtdRemappingUnit.cs (registers),
/// VtdRemappingUnit.RootContext.cs, VtdRemappingUnit.PasidTables.cs, VtdRemappingUnit.Translation.cs, VtdRemappingUnit.Faults.cs,
/// VtdRemappingUnit.InvalidationQueue.cs, VtdRemappingUnit.Caches.cs, VtdRemappingUnit.InterruptRemapping.cs.</para>
/// <para>Concurrency: <see cref="Translate"/> may run on many threads while registers are written. Register
/// writes, queue processing, fault recording and cache fills take one lock; a request that hits the caches takes
/// none and allocates nothing. A cache fill is dropped when an invalidation ran during its walk.</para>
/// </remarks>
public sealed partial class VtdRemappingUnit
{
    /// <summary>VER_REG: 1.0, QEMU's VTD_VER_REG value; the model has no other version to claim.</summary>
    private static readonly VersionRegister Version = new() { Major = 1, Minor = 0 };

    /// <summary>FECTL and IECTL reset value: interrupt masked (IM = 1).</summary>
    private static readonly FaultEventControlRegister Masked = new() { InterruptMask = true };

    private readonly Lock _lock = new();
    private readonly FaultRecord[] _frcd;
    private readonly int _iotlbOffset;
    private readonly int _frcdOffset;
    private readonly ulong _cap;
    private readonly ulong _ecap;

    private RootState _root = RootState.Disabled;
    private ulong _latchedRoot;
    private RootTableTranslationMode _latchedMode;
    private GlobalStatusRegister _gsts;
    private RootTableAddressRegister _rtaddr;
    private ulong _ccmd;
    private ulong _iva;
    private ulong _iotlbReg;
    private FaultStatusRegister _fsts;
    private FaultEventControlRegister _fectl = Masked;
    private uint _fedata;
    private EventAddressRegister _feaddr;
    private uint _feuaddr;
    private int _nextFrcd;
    private InvalidationQueueAddressRegister _iqa;
    private InvalidationQueueAddressRegister _iqaLatched;
    private InvalidationQueueHeadRegister _iqh;
    private InvalidationQueueTailRegister _iqt;
    private InvalidationCompletionStatusRegister _ics;
    private FaultEventControlRegister _iectl = Masked; // IECTL has FECTL's IM (31) and IP (30)
    private uint _iedata;
    private EventAddressRegister _ieaddr;
    private uint _ieuaddr;
    private InvalidationQueueErrorRecordRegister _iqercd;
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
        _interruptEntryCache = new TaggedCache<int, InterruptRemapTableEntry>(caches.InterruptEntryCache);
        _frcd = new FaultRecord[Capabilities.FaultRecordingRegisters];
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

    private static bool Is32BitRegister(int o) => o is VtdRegisterMap.Version or VtdRegisterMap.GlobalCommand or VtdRegisterMap.GlobalStatus
        or VtdRegisterMap.FaultStatus or VtdRegisterMap.FaultEventControl or VtdRegisterMap.FaultEventData
        or VtdRegisterMap.FaultEventAddress or VtdRegisterMap.FaultEventUpperAddress or VtdRegisterMap.InvalidationCompletionStatus
        or VtdRegisterMap.InvalidationEventControl or VtdRegisterMap.InvalidationEventData or VtdRegisterMap.InvalidationEventAddress
        or VtdRegisterMap.InvalidationEventUpperAddress;

    private bool Is64BitRegister(int o) => o is VtdRegisterMap.Capability or VtdRegisterMap.ExtendedCapability or VtdRegisterMap.RootTableAddress
        or VtdRegisterMap.ContextCommand or VtdRegisterMap.InvalidationQueueHead or VtdRegisterMap.InvalidationQueueTail
        or VtdRegisterMap.InvalidationQueueAddress or VtdRegisterMap.InvalidationQueueErrorRecord or VtdRegisterMap.InterruptRemapTableAddress
        || o == _iotlbOffset + VtdRegisterMap.InvalidateAddressInIotlbBlock || o == _iotlbOffset + VtdRegisterMap.IotlbInvalidateInIotlbBlock
        || (o >= _frcdOffset && o < _frcdOffset + (VtdRegisterMap.FaultRecordBytes * _frcd.Length));

    private uint Read32(int o)
    {
        switch (o)
        {
            case VtdRegisterMap.Version: return Word(Version);
            case VtdRegisterMap.GlobalCommand: return 0;
            case VtdRegisterMap.GlobalStatus: return Word(_gsts);
            case VtdRegisterMap.FaultStatus: return Word(_fsts);
            case VtdRegisterMap.FaultEventControl: return Word(_fectl);
            case VtdRegisterMap.FaultEventData: return _fedata;
            case VtdRegisterMap.FaultEventAddress: return Word(_feaddr);
            case VtdRegisterMap.FaultEventUpperAddress: return _feuaddr;
            case VtdRegisterMap.InvalidationCompletionStatus: return Word(_ics);
            case VtdRegisterMap.InvalidationEventControl: return Word(_iectl);
            case VtdRegisterMap.InvalidationEventData: return _iedata;
            case VtdRegisterMap.InvalidationEventAddress: return Word(_ieaddr);
            case VtdRegisterMap.InvalidationEventUpperAddress: return _ieuaddr;
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
            case VtdRegisterMap.Capability: return _cap;
            case VtdRegisterMap.ExtendedCapability: return _ecap;
            case VtdRegisterMap.RootTableAddress: return _rtaddr.GetWord(0);
            case VtdRegisterMap.ContextCommand: return _ccmd;
            case VtdRegisterMap.InvalidationQueueHead: return _iqh.GetWord(0);
            case VtdRegisterMap.InvalidationQueueTail: return _iqt.GetWord(0);
            case VtdRegisterMap.InvalidationQueueAddress: return _iqa.GetWord(0);
            case VtdRegisterMap.InvalidationQueueErrorRecord: return _iqercd.GetWord(0);
            case VtdRegisterMap.InterruptRemapTableAddress: return InterruptRemapTableAddress;
        }

        if (o == _iotlbOffset + VtdRegisterMap.InvalidateAddressInIotlbBlock)
        {
            return _iva;
        }

        if (o == _iotlbOffset + VtdRegisterMap.IotlbInvalidateInIotlbBlock)
        {
            return _iotlbReg;
        }

        var (record, word) = FaultRecordWord(o);
        return _frcd[record].GetWord(word);
    }

    private bool Write32(int o, uint value)
    {
        switch (o)
        {
            case VtdRegisterMap.GlobalCommand:
                WriteGlobalCommand(value);
                return true;
            case VtdRegisterMap.FaultStatus:
                WriteFaultStatus(value);
                return true;
            case VtdRegisterMap.FaultEventControl:
                WriteFaultEventControl(value);
                return true;
            case VtdRegisterMap.FaultEventData:
                _fedata = value;
                return true;
            case VtdRegisterMap.FaultEventAddress:
                _feaddr = Declared<EventAddressRegister>(value);
                return true;
            case VtdRegisterMap.FaultEventUpperAddress:
                _feuaddr = value;
                return true;
            case VtdRegisterMap.InvalidationCompletionStatus:
                // IWC is RW1C; clearing it clears IECTL.IP.
                if (new InvalidationCompletionStatusRegister(value).InvalidationWaitComplete)
                {
                    _ics = default;
                    _iectl.InterruptPending = false;
                }

                return true;
            case VtdRegisterMap.InvalidationEventControl:
                // Only IM is writable; unmasking with IP set sends the pending event.
                _iectl.InterruptMask = new FaultEventControlRegister(value).InterruptMask;
                if (_iectl.InterruptPending && !_iectl.InterruptMask)
                {
                    _iectl.InterruptPending = false;
                    Interlocked.Increment(ref _invalidationEvents);
                }

                return true;
            case VtdRegisterMap.InvalidationEventData:
                _iedata = value;
                return true;
            case VtdRegisterMap.InvalidationEventAddress:
                _ieaddr = Declared<EventAddressRegister>(value);
                return true;
            case VtdRegisterMap.InvalidationEventUpperAddress:
                _ieuaddr = value;
                return true;
            case VtdRegisterMap.Version:
            case VtdRegisterMap.GlobalStatus:
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
            case VtdRegisterMap.RootTableAddress:
                // Bits 9:0 are reserved (QEMU writable mask 0xffff_ffff_ffff_fc00).
                _rtaddr = Declared<RootTableAddressRegister>(Merge(_rtaddr.GetWord(0), value, mask));
                return;
            case VtdRegisterMap.ContextCommand:
                WriteContextCommand(Merge(_ccmd, value, mask), UpperHalfWritten(mask));
                return;
            case VtdRegisterMap.InvalidationQueueTail:
                _iqt = Declared<InvalidationQueueTailRegister>(Merge(_iqt.GetWord(0), value, mask));
                ProcessInvalidationQueue();
                return;
            case VtdRegisterMap.InterruptRemapTableAddress:
                WriteInterruptRemapTableAddress(Merge(InterruptRemapTableAddress, value, mask));
                return;
            case VtdRegisterMap.InvalidationQueueAddress:
                _iqa = Declared<InvalidationQueueAddressRegister>(Merge(_iqa.GetWord(0), value, mask));
                return;
            case VtdRegisterMap.Capability:
            case VtdRegisterMap.ExtendedCapability:
            case VtdRegisterMap.InvalidationQueueHead:
            case VtdRegisterMap.InvalidationQueueErrorRecord:
                return;
        }

        if (o == _iotlbOffset + VtdRegisterMap.InvalidateAddressInIotlbBlock)
        {
            _iva = Declared<InvalidateAddressRegister>(Merge(_iva, value, mask)).GetWord(0);
            return;
        }

        if (o == _iotlbOffset + VtdRegisterMap.IotlbInvalidateInIotlbBlock)
        {
            WriteIotlbRegister(Merge(_iotlbReg, value, mask), UpperHalfWritten(mask));
            return;
        }

        var (record, word) = FaultRecordWord(o);
        if (word == 1 && UpperHalfWritten(mask))
        {
            // F is RW1C; the rest of the record is read-only.
            var written = FaultRecord.FromWords([0, value]);
            if (written.Fault)
            {
                ClearFaultRecord(record);
            }
        }
    }

    /// <summary>True when a write with byte-lane <paramref name="mask"/> covers the register's upper dword (where ICC, IVT and F live).</summary>
    private static bool UpperHalfWritten(ulong mask) => (mask >> 32) != 0;

    /// <summary>The fault-recording register and its 64-bit word (0 or 1) at register offset <paramref name="o"/>.</summary>
    private (int Record, int Word) FaultRecordWord(int o)
    {
        var offset = o - _frcdOffset;
        return (offset / VtdRegisterMap.FaultRecordBytes, offset % VtdRegisterMap.FaultRecordBytes / sizeof(ulong));
    }

    private static ulong Merge(ulong old, ulong value, ulong mask) => (old & ~mask) | (value & mask);

    private void WriteGlobalCommand(uint value)
    {
        // TE, QIE, IRE and CFI are persistent: GCMD holds their desired state. SRTP, SIRTP (and SFL, WBF) are
        // one-shot: writing 1 performs the command (Linux writes gsts | cmd, iommu_set_root_entry).
        var command = new GlobalCommandRegister(value);
        WriteInterruptRemappingCommands(command);
        if (command.SetRootTablePointer)
        {
            SetRootTablePointer();
        }

        if (command.TranslationEnable != _gsts.TranslationEnableStatus)
        {
            _gsts.TranslationEnableStatus = command.TranslationEnable;
            ResetFaultRecordIndexWhenDisabled();
            PublishRoot();
        }

        var qie = command.QueuedInvalidationEnable;
        if (qie != _gsts.QueuedInvalidationEnableStatus && Capabilities.QueuedInvalidation)
        {
            if (qie)
            {
                // Enabling latches IQA and starts from the first descriptor (QEMU vtd_handle_gcmd_qie).
                _iqaLatched = _iqa;
                _iqh = default;
                _gsts.QueuedInvalidationEnableStatus = true;
                ProcessInvalidationQueue();
            }
            else if (_iqh.QueueHead == _iqt.QueueTail)
            {
                // Disabling needs a quiescent queue (QEMU refuses otherwise).
                _gsts.QueuedInvalidationEnableStatus = false;
                _iqh = default;
            }
        }
    }

    /// <summary>GSTS.QIES: the invalidation queue is enabled (register-based invalidation is then ignored).</summary>
    private bool QueuedInvalidationEnabled => _gsts.QueuedInvalidationEnableStatus;

    private void SetRootTablePointer()
    {
        _gsts.RootTablePointerStatus = true;
        _latchedRoot = _rtaddr.RootTableAddress & AddressMask(Capabilities.HostAddressWidth);
        _latchedMode = _rtaddr.TranslationTableMode;
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
            Volatile.Write(ref _root, new RootState(_gsts.TranslationEnableStatus, mode, _latchedRoot, valid));
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
