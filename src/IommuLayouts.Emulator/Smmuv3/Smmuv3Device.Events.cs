using System;
using System.Threading;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>The event queue (Arm IHI 0070 §7.2, §7.3; QEMU smmuv3_write_eventq / smmuv3_record_event).</summary>
public sealed partial class Smmuv3Device
{
    private const int EventBytes = 32;

    private readonly Lock _eventLock = new();
    private QueueBase _eventqBase;
    private QueueProdCons _eventqProd, _eventqCons;
    private bool _eventsEnabled;
    private long _syncInterrupts, _syncEvents, _lostEvents, _recordedEvents;

    /// <summary>
    /// Appends <paramref name="record"/> to the event queue. Nothing is written while EVTQEN = 0. A full queue loses the
    /// record and enters the overflow condition by toggling EVENTQ_PROD.OVF, unless it is already in it (PROD.OVF differs
    /// from CONS.OVACKFLG until software acknowledges; Linux arm_smmu_evtq_thread / queue_sync_prod_in). QEMU sets
    /// GERROR.EVTQ_ABT_ERR instead, which the architecture reserves for an abort writing the queue (done below).
    /// </summary>
    private bool RecordEvent(in EventRecord record)
    {
        Span<ulong> words = stackalloc ulong[4];
        record.CopyWordsTo(words);
        lock (_eventLock)
        {
            if (!_eventsEnabled)
            {
                return false;
            }

            // LOG2SIZE above IDR1.EVENTQS is read as EVENTQS (QEMU smmu_writel A_EVENTQ_BASE, SMMU_EVENTQS = 19 in
            // hw/arm/smmuv3-internal.h; Linux caps evtq max_n_shift by IDR1_EVTQS). One record is one slot.
            var log2 = Math.Min((int)_eventqBase.LOG2SIZE, Capabilities.EventQueueLog2Size);
            var prod = _eventqProd.WrapIndex;
            var cons = _eventqCons.WrapIndex;
            if (QueueProdCons.IsFull(prod, cons, log2))
            {
                Interlocked.Increment(ref _lostEvents);
                if (_eventqProd.OVF == _eventqCons.OVF)
                {
                    // Entering the overflow condition: PROD.OVF differs from CONS.OVACKFLG until software acknowledges.
                    _eventqProd.OVF = !_eventqProd.OVF;
                }

                return false;
            }

            var address = _eventqBase.ADDR + ((ulong)QueueProdCons.IndexOf(prod, log2) * EventBytes);
            for (var i = 0; i < 4; i++)
            {
                if (!_memory.TryWriteUInt64(address + ((ulong)i * 8), words[i]))
                {
                    RaiseGlobalError(EventQueueAbortError);
                    return false;
                }
            }

            _eventqProd.WrapIndex = QueueProdCons.Increment(prod, log2);
            Interlocked.Increment(ref _recordedEvents);
            return true;
        }
    }

    /// <summary>An event with the transaction's identity: StreamID, SSV/SubstreamID (Arm IHI 0070 §7.3, common fields).</summary>
    private static EventRecord NewEvent(EventType type, in Smmuv3Request request)
    {
        var e = default(EventRecord);
        e.EventID = type;
        e.StreamID = request.StreamId;
        if (request.HasSubstreamId)
        {
            e.SSV = true;
            e.SubstreamID = request.SubstreamId;
        }

        return e;
    }

    /// <summary>Adds the transaction's attributes: InputAddr, RnW, InD, PnU (translation-related events).</summary>
    private static void SetAccess(ref EventRecord e, in Smmuv3Request request)
    {
        e.InputAddr = request.Address;
        e.RnW = request.Access != AccessKind.Write;
        e.InD = request.Access == AccessKind.InstructionFetch;
        e.PnU = request.Privileged;
    }

    /// <summary>
    /// A configuration event (C_BAD_*, F_STREAM_DISABLED, F_*_FETCH): recorded, except C_BAD_STREAMID while
    /// SMMU_CR2.RECINVSID = 0 (Arm IHI 0070 CR2; Linux arm_smmu_device_reset sets CR2_RECINVSID to see them).
    /// </summary>
    private Smmuv3Result ConfigFault(EventType type, in Smmuv3Request request, ulong fetchAddress = 0)
    {
        var e = NewEvent(type, request);
        if (type is EventType.F_STE_FETCH or EventType.F_CD_FETCH)
        {
            e.RecordFetchAddress(fetchAddress);
        }

        if (type is EventType.F_TRANSL_FORBIDDEN or EventType.F_UUT)
        {
            SetAccess(ref e, request);
        }

        var record = type != EventType.C_BAD_STREAMID || _cr2.RECINVSID;
        return Smmuv3Result.Faulted(in e, record && RecordEvent(in e));
    }

    /// <summary>
    /// The event of a walk fault: F_TRANSLATION / F_ADDR_SIZE / F_ACCESS / F_PERMISSION (recorded when CD.R, or STE.S2R
    /// for a stage-2 fault, allows it) or F_WALK_EABT (always recorded), with S2, CLASS, IPA or FetchAddr.
    /// </summary>
    private Smmuv3Result WalkFault(in WalkResult walk, in Smmuv3Request request, EventClass eventClass, bool recordStage1, bool recordStage2)
    {
        var type = walk.Fault switch
        {
            WalkFaultKind.Translation => EventType.F_TRANSLATION,
            WalkFaultKind.AddressSize => EventType.F_ADDR_SIZE,
            WalkFaultKind.AccessFlag => EventType.F_ACCESS,
            WalkFaultKind.Permission => EventType.F_PERMISSION,
            _ => EventType.F_WALK_EABT,
        };
        var e = NewEvent(type, request);
        SetAccess(ref e, request);
        var stage2 = walk.Stage == TranslationStage.Stage2;
        e.S2 = stage2;
        e.CLASS = eventClass;

        // TTRnW: the table access was a read (the model never writes descriptors).
        e.TTRnW = eventClass != EventClass.IN;
        if (type == EventType.F_WALK_EABT)
        {
            e.RecordFetchAddress(walk.DescriptorAddress);
            return Smmuv3Result.Faulted(in e, RecordEvent(in e));
        }

        if (stage2)
        {
            // IPA[51:12] of the address stage 2 could not translate (Linux EVTQ_3_IPA).
            e.RecordIpa(walk.IntermediateAddress);
        }

        var record = stage2 ? recordStage2 : recordStage1;
        return Smmuv3Result.Faulted(in e, record && RecordEvent(in e));
    }
}
