using System;
using System.Collections.Generic;
using System.Text.Json;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Scenarios;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

using IommuLayouts.Emulator.Smmuv3;

namespace IommuLayouts.Scenarios.Smmuv3;

/// <summary>
/// An <see cref="Smmuv3Device"/> driven by scenario files. Faults are named by their event (<c>F_TRANSLATION</c>, ...);
/// outcomes that record nothing are <c>ABORT</c> (STE.Config = abort, or SMMUEN = 0 with GBPA.ABORT). Records are read
/// from the event queue as software would: from EVENTQ_CONS to EVENTQ_PROD, then CONS is advanced. Its own steps:
/// <c>read-dirty</c> (<see cref="Smmuv3DirtyStep"/>).
/// </summary>
public sealed class Smmuv3ScenarioDevice : IScenarioDevice, IScenarioStepHandler
{
    /// <summary>A device over fresh sparse memory.</summary>
    public Smmuv3ScenarioDevice(Smmuv3Capabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var memory = new SparseGuestMemory();
        Memory = memory;
        Device = new Smmuv3Device(memory, capabilities);
    }

    private long _drainedEvents;

    /// <summary>The SMMU.</summary>
    public Smmuv3Device Device { get; }

    /// <inheritdoc/>
    public string Kind => "smmuv3";

    /// <inheritdoc/>
    public IGuestMemory Memory { get; }

    /// <inheritdoc/>
    public bool WriteRegister(ulong offset, ulong value, int width) => Device.WriteRegister(offset, value, width);

    /// <inheritdoc/>
    public ulong ReadRegister(ulong offset, int width) => Device.ReadRegister(offset, width);

    /// <inheritdoc/>
    public bool TryRunStep(string kind, JsonElement body, string path, LayoutCatalog catalog)
    {
        switch (kind)
        {
            case "read-dirty":
                Smmuv3DirtyStep.Run(Memory, body, path);
                return true;
            default:
                return false;
        }
    }

    /// <inheritdoc/>
    public ScenarioResult Translate(ScenarioRequest request, IWalkTraceSink? trace)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.StreamId is not { } sid)
        {
            throw new ScenarioException($"request '{request.Name}'", "an smmuv3 request needs a \"stream\"");
        }

        var access = request.Execute ? AccessKind.InstructionFetch : request.Access;
        var smmuRequest = request.SubstreamId is { } ssid
            ? new Smmuv3Request(sid, ssid, request.Address, access, request.Privileged)
            : new Smmuv3Request(sid, request.Address, access, request.Privileged);
        var r = Device.Translate(in smmuRequest, trace);
        switch (r.Outcome)
        {
            case Smmuv3Outcome.Translated or Smmuv3Outcome.Bypassed:
                return ScenarioResult.Translated(r.OutputAddress, r.PageSize, r.Permissions);
            case Smmuv3Outcome.Aborted:
                return ScenarioResult.Faulted("ABORT", null);
            default:
                var words = new ulong[4];
                r.Event.CopyWordsTo(words);
                return ScenarioResult.Faulted(r.EventType.ToString(), new ScenarioRecord(EventRecord.Layout, words));
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Reads only the records the SMMU wrote since the last drain, the newest ones just below EVENTQ_PROD: software may
    /// write EVENTQ_PROD and EVENTQ_CONS while EVENTQEN = 0 (Arm IHI 0070 §6.3.26–27), so the slots between them hold
    /// whatever the guest left there, not records. Issue 16: CONS 0 and PROD 0x4d162de0 (LOG2SIZE capped to
    /// IDR1.EVENTQS = 19, QEMU hw/arm/smmuv3-internal.h SMMU_EVENTQS) made one drain read 404,960 stale slots. Linux
    /// avoids the same trap by programming EVTQ_PROD/CONS from its own llq state before setting EVTQEN
    /// (drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c arm_smmu_device_reset). The work of one drain is therefore bounded by
    /// the events the model raised, which is at most a few per request.
    /// </remarks>
    public IReadOnlyList<ScenarioRecord> DrainRecords()
    {
        var records = new List<ScenarioRecord>();
        var queueBase = QueueBase.FromWords([Device.ReadRegister(R.EventqBase, 64)]);
        var log2 = Math.Min((int)queueBase.LOG2SIZE, Device.Capabilities.EventQueueLog2Size);
        var prod = QueueProdCons.FromWords([Device.ReadRegister(R.EventqProd, 32)]);
        var cons = QueueProdCons.FromWords([Device.ReadRegister(R.EventqCons, 32)]);
        var recorded = Device.RecordedEvents;
        var fresh = recorded - _drainedEvents;
        _drainedEvents = recorded;

        // Index and wrap bit (Linux Q_IDX | Q_WRP): the distance from CONS to PROD counts the occupied slots.
        var wrapMask = (2u << log2) - 1;
        var occupied = (prod.WrapIndex - cons.WrapIndex) & wrapMask;
        var count = (uint)Math.Min(occupied, Math.Max(fresh, 0));
        var position = (prod.WrapIndex - count) & wrapMask;
        for (var n = 0u; n < count; n++)
        {
            var slot = queueBase.ADDR + ((ulong)QueueProdCons.IndexOf(position, log2) * (ulong)EventRecord.SizeBytes);
            var words = new ulong[EventRecord.WordCount];
            for (var i = 0; i < words.Length; i++)
            {
                Memory.TryReadUInt64(slot + ((ulong)i * sizeof(ulong)), out words[i]);
            }

            records.Add(new ScenarioRecord(EventRecord.Layout, words));
            position = QueueProdCons.Increment(position, log2);
        }

        // Everything up to PROD is consumed; acknowledge any overflow as Linux arm_smmu_evtq_thread does
        // (CONS.OVACKFLG = PROD.OVF).
        position = prod.WrapIndex & wrapMask;
        var wrapIndex = QueueProdCons.Compose(QueueProdCons.IndexOf(position, log2), QueueProdCons.WrapOf(position, log2), log2);
        var acknowledged = new QueueProdCons { WrapIndex = wrapIndex, OVF = prod.OVF };
        Device.WriteRegister(R.EventqCons, acknowledged.GetWord(0), 32);
        return records;
    }
}
