using System.Threading;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>Fault recording: the FRCD registers at CAP.FRO, FSTS and FECTL.</summary>
public sealed partial class VtdRemappingUnit
{
    /// <summary>The fault-recording register <paramref name="index"/> (0..NFR) as it reads now.</summary>
    public FaultRecord ReadFaultRecord(int index)
    {
        System.ArgumentOutOfRangeException.ThrowIfNegative(index);
        System.ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Capabilities.FaultRecordingRegisters);
        lock (_lock)
        {
            return FaultRecord.FromWords([_frcd[2 * index], _frcd[(2 * index) + 1]]);
        }
    }

    /// <summary>FSTS as it reads now.</summary>
    public FaultStatusRegister FaultStatus
    {
        get
        {
            lock (_lock)
            {
                return new FaultStatusRegister(_fsts);
            }
        }
    }

    private FaultRecord BuildRecord(in VtdRequest request, FaultReason reason)
    {
        var record = new FaultRecord
        {
            FaultInfo = request.Address & ~0xFFFUL,
            SourceId = request.SourceId,
            Privilege = request.Privileged,
            Execute = request.Execute,
            PasidPresent = request.Pasid.HasValue,
            PasidValue = request.Pasid ?? 0,
            Fr = (byte)reason,
            T1 = !request.IsWrite, // set for reads (Linux dma_frcd_type, QEMU VTD_FRCD_T)
            Fault = true,
        };
        return record;
    }

    /// <summary>
    /// Records a fault unless FPD suppresses it (qualified faults only), FSTS.PFO is set, or the next register is
    /// still full (then PFO is set and the fault dropped). Registers fill in order, round robin (QEMU
    /// vtd_report_frcd_fault, without its same-source compression: every fault gets a record).
    /// </summary>
    private VtdTranslation Fault(in VtdRequest request, FaultReason reason, bool faultProcessingDisabled)
    {
        var record = BuildRecord(in request, reason);
        if (faultProcessingDisabled && VtdQualifiedFaults.IsQualified(reason))
        {
            return VtdTranslation.Faulted(reason, in record, recorded: false);
        }

        lock (_lock)
        {
            if ((_fsts & FstsPfo) != 0)
            {
                return VtdTranslation.Faulted(reason, in record, recorded: false);
            }

            var index = _nextFrcd;
            if ((_frcd[(2 * index) + 1] >> 63) != 0)
            {
                var before = _fsts;
                _fsts |= FstsPfo;
                SignalFaultEvent(before);
                return VtdTranslation.Faulted(reason, in record, recorded: false);
            }

            _frcd[2 * index] = record.GetWord(0);
            _frcd[(2 * index) + 1] = record.GetWord(1);
            var old = _fsts;
            if ((old & FstsPpf) == 0)
            {
                _fsts = (_fsts & ~0xFF00u) | ((uint)index << 8) | FstsPpf;
                SignalFaultEvent(old);
            }

            _nextFrcd = (index + 1) % Capabilities.FaultRecordingRegisters;
            return VtdTranslation.Faulted(reason, in record, recorded: true);
        }
    }

    /// <summary>
    /// Sets FECTL.IP and sends the fault event unless one is already outstanding (the old FSTS had PPF, PFO or IQE)
    /// or IM masks it (QEMU vtd_generate_fault_event).
    /// </summary>
    private void SignalFaultEvent(uint oldStatus)
    {
        if ((oldStatus & (FstsPpf | FstsPfo | FstsIqe)) != 0)
        {
            return;
        }

        _fectl |= FectlIp;
        if ((_fectl & FectlIm) == 0)
        {
            _fectl &= ~FectlIp;
            Interlocked.Increment(ref _faultEvents);
        }
    }

    /// <summary>
    /// The internal fault-recording index is reset to zero when both address and interrupt translation are disabled,
    /// GSTS.TES and GSTS.IES clear (spec Rev. 5.10 §7.2.1); clearing PPF and PFO does not reset it (NOTES.md).
    /// </summary>
    private void ResetFaultRecordIndexWhenDisabled()
    {
        var status = new GlobalStatusRegister(_gsts);
        if (!status.TranslationEnableStatus && !status.InterruptRemappingEnableStatus)
        {
            _nextFrcd = 0;
        }
    }

    private void ClearFaultRecord(int index)
    {
        _frcd[(2 * index) + 1] &= ~(1UL << 63);
        UpdatePendingFault();
    }

    private void UpdatePendingFault()
    {
        for (var i = 0; i < Capabilities.FaultRecordingRegisters; i++)
        {
            if ((_frcd[(2 * i) + 1] >> 63) != 0)
            {
                _fsts = (_fsts & ~0xFF00u) | ((uint)i << 8) | FstsPpf;
                return;
            }
        }

        _fsts &= ~FstsPpf;
    }

    private void WriteFaultStatus(uint value)
    {
        var iqeCleared = (value & FstsIqe) != 0 && (_fsts & FstsIqe) != 0;
        _fsts &= ~(value & FstsWriteOneToClear);
        if ((_fsts & (FstsPpf | FstsPfo | FstsIqe)) == 0)
        {
            _fectl &= ~FectlIp;
        }

        if (iqeCleared)
        {
            _iqercd = 0;
            ProcessInvalidationQueue();
        }
    }

    private void WriteFaultEventControl(uint value)
    {
        _fectl = (_fectl & ~FectlIm) | (value & FectlIm);
        if ((_fectl & (FectlIm | FectlIp)) == FectlIp)
        {
            _fectl &= ~FectlIp;
            Interlocked.Increment(ref _faultEvents);
        }
    }
}
