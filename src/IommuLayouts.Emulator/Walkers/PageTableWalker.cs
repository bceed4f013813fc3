using System;
using System.Runtime.CompilerServices;
using IommuLayouts.Emulator.Memory;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// The one walk engine: walks page tables of any <see cref="IPageTableFormat"/> in guest memory, single-stage or nested
/// (every stage-1 table address and the output translated by an <see cref="ITableAddressTranslator"/>), in the spirit of
/// Linux drivers/iommu/generic_pt. VMSAv8-64 stage 1 and 2 (<see cref="Vmsa64Stage1Format"/>, <see cref="Vmsa64Stage2Format"/>)
/// and VT-d first and second stage (<see cref="VtdFirstStageFormat"/>, <see cref="VtdSecondStageFormat"/>) are formats of it.
/// </summary>
/// <remarks>
/// <para>Per level the engine: translates the entry's address (nested), reads it as one single-copy-atomic 64-bit word
/// (an abort is <see cref="WalkFaultKind.ExternalAbort"/>), lets the format decode it, writes the format's hardware
/// updates back by compare-exchange — an entry that changed under the walk is decoded again, as hardware re-reads it —
/// and goes on to the next table or returns the leaf. Devices turn the one <see cref="WalkResult"/> into their events or
/// fault reasons.</para>
/// <para>Format, table-address translator and trace are struct type parameters, so the JIT specialises the loop for each
/// combination: a single-stage walk has no translation call, and with <see cref="NoTrace"/> no trace step is built. The
/// walker holds no state besides the memory; any number of threads may walk at once, and a walk allocates nothing.</para>
/// </remarks>
public sealed class PageTableWalker
{
    /// <summary>How often an update that loses its compare-exchange race re-reads the entry before the walk gives up.</summary>
    public const int UpdateAttempts = 8;

    private readonly IGuestMemory _memory;

    // The common memory, called directly (sealed, so the JIT inlines the read) instead of through the interface.
    private readonly SparseGuestMemory? _sparse;

    /// <summary>A walker over <paramref name="memory"/>.</summary>
    public PageTableWalker(IGuestMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        _memory = memory;
        _sparse = memory as SparseGuestMemory;
    }

    /// <summary>The memory tables are read from.</summary>
    public IGuestMemory Memory => _memory;

    /// <summary>A VMSAv8-64 stage-1 walk whose table addresses are physical.</summary>
    public WalkResult WalkStage1(in Stage1Config config, ulong va, AccessKind access, bool privileged, IWalkTraceSink? trace = null) =>
        Walk(new Vmsa64Stage1Format(in config), va, new WalkAccess(access, privileged), trace, WalkPurpose.Stage1);

    /// <summary>
    /// A VMSAv8-64 stage-2 walk of <paramref name="ipa"/>. <paramref name="privileged"/> only matters for FEAT_XNX;
    /// <paramref name="purpose"/> labels the trace steps.
    /// </summary>
    public WalkResult WalkStage2(in Stage2Config config, ulong ipa, AccessKind access, bool privileged, IWalkTraceSink? trace = null, WalkPurpose purpose = WalkPurpose.Stage2) =>
        Walk(new Vmsa64Stage2Format(in config), ipa, new WalkAccess(access, privileged), trace, purpose);

    /// <summary>
    /// A full VMSAv8-64 nested translation: stage 1 with every descriptor address translated by stage 2, then stage 2 of the
    /// resulting IPA. The result combines both (smaller page, intersected permissions).
    /// </summary>
    public WalkResult WalkNested(in Stage1Config stage1, in Stage2Config stage2, ulong va, AccessKind access, bool privileged, IWalkTraceSink? trace = null)
    {
        var tables = new Stage2Tables<Vmsa64Stage2Format>(this, new Vmsa64Stage2Format(in stage2));
        return WalkNested(new Vmsa64Stage1Format(in stage1), va, new WalkAccess(access, privileged), ref tables, trace);
    }

    /// <summary>A VT-d first-stage walk whose table addresses are host-physical (<paramref name="execute"/>: an execute request).</summary>
    public WalkResult WalkFirstStage(in VtdFirstStageConfig config, ulong address, AccessKind access, bool privileged, bool execute, IWalkTraceSink? trace = null) =>
        Walk(new VtdFirstStageFormat(in config), address, new WalkAccess(access, privileged, execute), trace, WalkPurpose.Stage1);

    /// <summary>A VT-d second-stage walk (<paramref name="execute"/>: an execute request, checked against X only with SSEE).</summary>
    public WalkResult WalkSecondStage(in VtdSecondStageConfig config, ulong address, AccessKind access, bool execute, IWalkTraceSink? trace = null, WalkPurpose purpose = WalkPurpose.Stage2) =>
        Walk(new VtdSecondStageFormat(in config), address, new WalkAccess(access, privileged: true, execute), trace, purpose);

    /// <summary>
    /// A VT-d nested walk (PGTT = Nested): every first-stage table address and the output are guest-physical and go through
    /// the second stage, the output with the request's own access.
    /// </summary>
    public WalkResult WalkNested(
        in VtdFirstStageConfig firstStage, in VtdSecondStageConfig secondStage, ulong address, AccessKind access, bool privileged, bool execute,
        IWalkTraceSink? trace = null)
    {
        var tables = new Stage2Tables<VtdSecondStageFormat>(this, new VtdSecondStageFormat(in secondStage));
        return WalkNested(new VtdFirstStageFormat(in firstStage), address, new WalkAccess(access, privileged, execute), ref tables, trace);
    }

    /// <summary>A single-stage walk of any format.</summary>
    public WalkResult Walk<TFormat>(in TFormat format, ulong input, in WalkAccess access, IWalkTraceSink? trace, WalkPurpose purpose)
        where TFormat : struct, IPageTableFormat
    {
        var direct = default(DirectTableAddresses);
        if (trace is null)
        {
            var none = default(NoTrace);
            return Walk(in format, input, in access, ref direct, ref none, purpose);
        }

        var sink = new SinkTrace(trace);
        return Walk(in format, input, in access, ref direct, ref sink, purpose);
    }

    /// <summary>A nested walk of any format: stage 1 over <paramref name="tables"/>, then the output through them.</summary>
    public WalkResult WalkNested<TFormat, TTables>(in TFormat stage1, ulong input, in WalkAccess access, ref TTables tables, IWalkTraceSink? trace)
        where TFormat : struct, IPageTableFormat
        where TTables : struct, ITableAddressTranslator
    {
        if (trace is null)
        {
            var none = default(NoTrace);
            return WalkNested(in stage1, input, in access, ref tables, ref none);
        }

        var sink = new SinkTrace(trace);
        return WalkNested(in stage1, input, in access, ref tables, ref sink);
    }

    /// <summary>A nested walk with a struct trace.</summary>
    public WalkResult WalkNested<TFormat, TTables, TTrace>(in TFormat stage1, ulong input, in WalkAccess access, ref TTables tables, ref TTrace trace)
        where TFormat : struct, IPageTableFormat
        where TTables : struct, ITableAddressTranslator
        where TTrace : struct, IWalkTrace
    {
        var first = Walk(in stage1, input, in access, ref tables, ref trace, WalkPurpose.Stage1);
        if (first.IsFault)
        {
            return first;
        }

        var second = tables.Translate(first.OutputAddress, in access, WalkPurpose.Stage2ForOutput, ref trace);
        return second.IsFault
            ? WalkResult.Stage2FaultOfNested(in second, input, duringStage1TableWalk: false)
            : WalkResult.Combine(in first, in second);
    }

    /// <summary>
    /// The engine: walks <paramref name="format"/>'s tables for <paramref name="input"/>, with table addresses through
    /// <paramref name="tables"/> (a <see cref="DirectTableAddresses"/> walk translates none).
    /// </summary>
    public WalkResult Walk<TFormat, TTables, TTrace>(in TFormat format, ulong input, in WalkAccess access, ref TTables tables, ref TTrace trace, WalkPurpose purpose)
        where TFormat : struct, IPageTableFormat
        where TTables : struct, ITableAddressTranslator
        where TTrace : struct, IWalkTrace
    {
        // For DirectTableAddresses the JIT removes every translation: the specialisation is per struct type.
        var nested = typeof(TTables) != typeof(DirectTableAddresses);
        var stage = format.Stage;
        var early = format.CheckInput(input);
        if (early.Kind == EntryKind.Fault)
        {
            if (trace.IsEnabled)
            {
                trace.OnStep(new WalkTraceStep(purpose, 0, 0, 0, 0, 0, 0, false, WalkStepDecision.Fault, early.Fault, format.TraceFormat));
            }

            return WalkResult.Faulted(early.Fault, early.Detail, stage, 0, input, atStartLevel: true);
        }

        var start = format.StartLevel;
        var level = start;
        var table = format.StartTable;
        var accumulator = format.InitialAccumulator;
        while (true)
        {
            var index = format.EntryIndex(input, level);
            var entryInput = table + (index * 8);
            var entryAddress = entryInput;
            if (nested)
            {
                var s2 = tables.Translate(entryInput, WalkAccess.TableRead, WalkPurpose.Stage2ForStage1Table, ref trace);
                if (s2.IsFault)
                {
                    Step(ref trace, in format, purpose, level, table, index, entryInput, 0, 0, false, WalkStepDecision.Fault, s2.Fault);
                    return WalkResult.Stage2FaultOfNested(in s2, input, duringStage1TableWalk: true, stage1FetchAtStartLevel: level == start);
                }

                entryAddress = s2.OutputAddress;
            }

            if (!Read(entryAddress, out var entry))
            {
                Step(ref trace, in format, purpose, level, table, index, entryInput, entryAddress, 0, false, WalkStepDecision.Fault, WalkFaultKind.ExternalAbort);
                return WalkResult.Faulted(WalkFaultKind.ExternalAbort, WalkFaultDetail.TableRead, stage, level, input, 0, entryAddress, level == start);
            }

            var before = accumulator;
            var attempts = 0;
            EntryDecision decision;
            while (true)
            {
                decision = format.Decode(entry, level, ref accumulator, in access);
                if (decision.Kind == EntryKind.Fault)
                {
                    Step(ref trace, in format, purpose, level, table, index, entryInput, entryAddress, entry, true, WalkStepDecision.Fault, decision.Fault);
                    return WalkResult.Faulted(decision.Fault, decision.Detail, stage, level, input, entry, entryAddress, level == start);
                }

                var updated = format.Update(entry, in decision, in access);
                if (updated == entry)
                {
                    break;
                }

                if (!TryUpdate(ref tables, ref trace, entryInput, entryAddress, entry, updated, out var observed, out var stage2Fault))
                {
                    if (stage2Fault.IsFault)
                    {
                        Step(ref trace, in format, purpose, level, table, index, entryInput, 0, entry, true, WalkStepDecision.Fault, stage2Fault.Fault);
                        return WalkResult.Stage2FaultOfNested(in stage2Fault, input, duringStage1TableWalk: true, stage1FetchAtStartLevel: level == start);
                    }

                    Step(ref trace, in format, purpose, level, table, index, entryInput, entryAddress, entry, true, WalkStepDecision.Fault, WalkFaultKind.ExternalAbort);
                    return WalkResult.Faulted(WalkFaultKind.ExternalAbort, WalkFaultDetail.EntryUpdate, stage, level, input, entry, entryAddress, level == start);
                }

                if (observed == entry)
                {
                    entry = updated;
                    break;
                }

                // Another agent changed the entry between the read and the update: decode what is there now. A walk
                // that keeps losing gives up with the update fault rather than translating from bits it never set.
                entry = observed;
                accumulator = before;
                if (++attempts == UpdateAttempts)
                {
                    Step(ref trace, in format, purpose, level, table, index, entryInput, entryAddress, entry, true, WalkStepDecision.Fault, WalkFaultKind.ExternalAbort);
                    return WalkResult.Faulted(WalkFaultKind.ExternalAbort, WalkFaultDetail.EntryUpdate, stage, level, input, entry, entryAddress, level == start);
                }
            }

            if (decision.Kind == EntryKind.Table)
            {
                Step(ref trace, in format, purpose, level, table, index, entryInput, entryAddress, entry, true, WalkStepDecision.NextLevel, WalkFaultKind.None);
                table = decision.Address;
                level = format.NextLevel(level);
                continue;
            }

            Step(ref trace, in format, purpose, level, table, index, entryInput, entryAddress, entry, true, WalkStepDecision.Translated, WalkFaultKind.None);
            var offset = input & ((1UL << decision.PageShift) - 1);
            return WalkResult.Translated(
                stage, level, input, decision.Address | offset, decision.PageShift, decision.Permissions, entry, entryAddress, decision.Global, format.IsDirty(entry));
        }
    }

    /// <summary>Writes an entry's hardware update; a nested walk writes through the stage-2 translation of the entry for a write.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryUpdate<TTables, TTrace>(
        ref TTables tables, ref TTrace trace, ulong entryInput, ulong entryAddress, ulong expected, ulong desired, out ulong observed, out WalkResult stage2Fault)
        where TTables : struct, ITableAddressTranslator
        where TTrace : struct, IWalkTrace
    {
        stage2Fault = default;
        var target = entryAddress;
        if (typeof(TTables) != typeof(DirectTableAddresses))
        {
            var s2 = tables.Translate(entryInput, WalkAccess.TableWrite, WalkPurpose.Stage2ForStage1Table, ref trace);
            if (s2.IsFault)
            {
                stage2Fault = s2;
                observed = 0;
                return false;
            }

            target = s2.OutputAddress;
        }

        return _memory.TryCompareExchangeUInt64(target, expected, desired, out observed);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Read(ulong address, out ulong value) =>
        _sparse is not null ? _sparse.TryReadUInt64(address, out value) : _memory.TryReadUInt64(address, out value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TTrace, TFormat>(
        ref TTrace trace, in TFormat format, WalkPurpose purpose, int level, ulong table, ulong index, ulong entryInput, ulong entryAddress,
        ulong entry, bool hasEntry, WalkStepDecision decision, WalkFaultKind fault)
        where TTrace : struct, IWalkTrace
        where TFormat : struct, IPageTableFormat
    {
        if (trace.IsEnabled)
        {
            trace.OnStep(new WalkTraceStep(purpose, level, table, (int)index, entryInput, entryAddress, entry, hasEntry, decision, fault, format.TraceFormat));
        }
    }
}
