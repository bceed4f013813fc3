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
            return _frcd[index];
        }
    }

    /// <summary>FSTS as it reads now.</summary>
    public FaultStatusRegister FaultStatus
    {
        get
        {
            lock (_lock)
            {
                return _fsts;
            }
        }
    }

    private FaultRecord BuildRecord(in VtdRequest request, FaultReason reason)
    {
        var record = new FaultRecord
        {
            FaultInfo = FaultRecord.PageOf(request.Address),
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
            return VtdTranslation.Faulted(reason, in record, RecordFaultLocked(in record));
        }
    }

    /// <summary>
    /// Writes <paramref name="record"/> to the next fault-recording register, with the lock held; false when FSTS.PFO is
    /// set or the register is still full (then PFO is set and the fault dropped). Shared by DMA-remapping and
    /// interrupt-remapping faults, which use the same registers (spec §7.2.1).
    /// </summary>
    private bool RecordFaultLocked(in FaultRecord record)
    {
        if (_fsts.PrimaryFaultOverflow)
        {
            return false;
        }

        var index = _nextFrcd;
        if (_frcd[index].Fault)
        {
            var before = _fsts;
            _fsts.PrimaryFaultOverflow = true;
            SignalFaultEvent(before);
            return false;
        }

        _frcd[index] = record;
        var old = _fsts;
        if (!old.PrimaryPendingFault)
        {
            SetPendingFault(index);
            SignalFaultEvent(old);
        }

        _nextFrcd = (index + 1) % Capabilities.FaultRecordingRegisters;
        return true;
    }

    /// <summary>
    /// Sets FECTL.IP and sends the fault event unless one is already outstanding (the old FSTS had PPF, PFO or IQE)
    /// or IM masks it (QEMU vtd_generate_fault_event).
    /// </summary>
    private void SignalFaultEvent(FaultStatusRegister oldStatus)
    {
        if (FaultEventOutstanding(oldStatus))
        {
            return;
        }

        _fectl.InterruptPending = true;
        if (!_fectl.InterruptMask)
        {
            _fectl.InterruptPending = false;
            Interlocked.Increment(ref _faultEvents);
        }
    }

    /// <summary>PPF, PFO or IQE: the conditions whose fault event is sent once until software clears them.</summary>
    private static bool FaultEventOutstanding(FaultStatusRegister status) =>
        status.PrimaryPendingFault || status.PrimaryFaultOverflow || status.InvalidationQueueError;

    /// <summary>FSTS.PPF with FRI naming fault-recording register <paramref name="index"/>.</summary>
    private void SetPendingFault(int index)
    {
        _fsts.FaultRecordIndex = (byte)index;
        _fsts.PrimaryPendingFault = true;
    }

    /// <summary>
    /// The internal fault-recording index is reset to zero when both address and interrupt translation are disabled,
    /// GSTS.TES and GSTS.IES clear (spec Rev. 5.10 §7.2.1); clearing PPF and PFO does not reset it (NOTES.md).
    /// </summary>
    private void ResetFaultRecordIndexWhenDisabled()
    {
        if (!_gsts.TranslationEnableStatus && !_gsts.InterruptRemappingEnableStatus)
        {
            _nextFrcd = 0;
        }
    }

    private void ClearFaultRecord(int index)
    {
        _frcd[index].Fault = false;
        UpdatePendingFault();
    }

    private void UpdatePendingFault()
    {
        for (var i = 0; i < Capabilities.FaultRecordingRegisters; i++)
        {
            if (_frcd[i].Fault)
            {
                SetPendingFault(i);
                return;
            }
        }

        _fsts.PrimaryPendingFault = false;
    }

    private void WriteFaultStatus(uint value)
    {
        // PFO, AFO, APF, IQE, ICE and ITE are RW1C; PPF is derived from the records and FRI is read-only.
        var written = new FaultStatusRegister(value);
        var iqeCleared = written.InvalidationQueueError && _fsts.InvalidationQueueError;
        _fsts.PrimaryFaultOverflow &= !written.PrimaryFaultOverflow;
        _fsts.AdvancedFaultOverflow &= !written.AdvancedFaultOverflow;
        _fsts.AdvancedPendingFault &= !written.AdvancedPendingFault;
        _fsts.InvalidationQueueError &= !written.InvalidationQueueError;
        _fsts.InvalidationCompletionError &= !written.InvalidationCompletionError;
        _fsts.InvalidationTimeoutError &= !written.InvalidationTimeoutError;
        if (!FaultEventOutstanding(_fsts))
        {
            _fectl.InterruptPending = false;
        }

        if (iqeCleared)
        {
            _iqercd = default;
            ProcessInvalidationQueue();
        }
    }

    private void WriteFaultEventControl(uint value)
    {
        // Only IM is writable; unmasking with IP set sends the pending event.
        _fectl.InterruptMask = new FaultEventControlRegister(value).InterruptMask;
        if (_fectl.InterruptPending && !_fectl.InterruptMask)
        {
            _fectl.InterruptPending = false;
            Interlocked.Increment(ref _faultEvents);
        }
    }
}
