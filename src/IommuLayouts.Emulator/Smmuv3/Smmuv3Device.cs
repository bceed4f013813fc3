using System;
using System.Threading;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// A software Arm SMMUv3 (Arm IHI 0070): the register file (<see cref="ReadRegister"/>/<see cref="WriteRegister"/>),
/// the stream table and context descriptors in guest memory, stage-1/stage-2/nested translation through
/// <see cref="PageTableWalker"/>, the event queue, the command queue, and the configuration cache and TLB.
/// </summary>
/// <remarks>
/// <para>The flow follows QEMU hw/arm/smmuv3.c (smmuv3_translate, smmu_find_ste, decode_ste/decode_cd,
/// smmuv3_cmdq_consume, smmuv3_record_event) and goes further where the architecture does: many context descriptors
/// (linear and 2-level CD tables, S1DSS), stage-2 translation of CD and L1CD addresses in nested configurations,
/// every failure reported as its architected event (never an assertion), and caches that evict one entry at a time.</para>
/// <para>Files: registers (<c>Smmuv3Device.Registers.cs</c>), stream table (<c>Smmuv3Device.StreamTable.cs</c>), context
/// descriptors (<c>Smmuv3Device.ContextDescriptors.cs</c>), translation (<c>Smmuv3Device.Translation.cs</c>), events
/// (<c>Smmuv3Device.Events.cs</c>), commands (<c>Smmuv3Device.Commands.cs</c>), caches (<c>Smmuv3Device.Caches.cs</c>).</para>
/// <para>Concurrency: <see cref="Translate"/> may run on any number of threads while registers are written and commands
/// consumed. A translation reads the register state it needs as one immutable snapshot; cache hits take no lock; events
/// are appended under a lock; invalidations are complete when the command that asked for them has been consumed, so
/// once a CMD_SYNC is consumed no translation starting afterwards hits a removed entry, and a walk that raced with an
/// invalidation does not put its (possibly stale) result in a cache.</para>
/// </remarks>
public sealed partial class Smmuv3Device
{
    private readonly IGuestMemory _memory;
    private readonly PageTableWalker _walker;
    private readonly Lock _lock = new();
    private Smmuv3Control _control;

    /// <summary>An SMMU over <paramref name="memory"/> with <paramref name="capabilities"/> (null: <see cref="Smmuv3Capabilities.Default"/>).</summary>
    public Smmuv3Device(IGuestMemory memory, Smmuv3Capabilities? capabilities = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        capabilities ??= Smmuv3Capabilities.Default;
        capabilities.Check();
        _memory = memory;
        _walker = new PageTableWalker(memory);
        Capabilities = capabilities;
        _configCache = new TaggedCache<ConfigCacheKey, StreamContext>(capabilities.ConfigCachePolicy);
        _tlb = new Tlb<TlbValue>(capabilities.TlbPolicy);
        _oas = capabilities.OutputAddressBits;
        _control = new Smmuv3Control(false, false, default, default);
        Reset();
    }

    /// <summary>What this SMMU implements.</summary>
    public Smmuv3Capabilities Capabilities { get; }

    /// <summary>The guest memory tables, queues and translated accesses live in.</summary>
    public IGuestMemory Memory => _memory;

    /// <summary>Number of wired CMD_SYNC completion interrupts raised (CS = IRQ with MSIAddress = 0, or MSI not implemented).</summary>
    public long SyncInterrupts => Interlocked.Read(ref _syncInterrupts);

    /// <summary>Number of CMD_SYNC completions signalled with a WFE wake-up event (CS = SEV).</summary>
    public long SyncEvents => Interlocked.Read(ref _syncEvents);

    /// <summary>Number of event records lost to a full event queue.</summary>
    public long LostEvents => Interlocked.Read(ref _lostEvents);

    /// <summary>
    /// Number of event records written to the event queue since the device was created. A consumer reads at most this many new records
    /// back from below EVENTQ_PROD: the slots between a software-written CONS and PROD were never written by the SMMU
    /// (issue 16: PROD written while EVENTQEN = 0 made 2^EVENTQS stale slots look like records).
    /// </summary>
    public long RecordedEvents => Interlocked.Read(ref _recordedEvents);
}
