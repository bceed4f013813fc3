using System;
using System.Runtime.CompilerServices;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Specs.Vmsa;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// Walks VMSAv8-64 translation tables in guest memory: stage 1, stage 2 and nested (every stage-1 descriptor
/// address translated by stage 2), with 4K/16K/64K granules, blocks and pages, concatenated stage-2 start tables,
/// the Access flag, the AArch64 permission model and address-size checks. Independent of any SMMU: a device model
/// supplies the configuration and turns the <see cref="WalkResult"/> into its own events.
/// </summary>
/// <remarks>
/// <para>The flow follows the architecture (Arm ARM D8, AArch64.S1Walk / S2Walk) as QEMU hw/arm/smmu-common.c
/// (smmu_ptw_64_s1, smmu_ptw_64_s2) and Linux io-pgtable-arm.c (iova_to_phys) implement it; where they differ
/// the architecture wins: permissions include AP[1], PXN/UXN and the table restrictions (QEMU checks only AP[2]),
/// a permission fault is raised at the leaf (QEMU faults writes at the APTable level), and blocks are only
/// accepted at the levels the granule allows.</para>
/// <para>Fault priority at a leaf: Translation, Address size, Access flag, Permission. Faults that happen before
/// any descriptor is read (input address outside the TxSZ range, table base at or beyond 2^OAS) are reported at
/// level 0, as AArch64.TranslationTableWalk does.</para>
/// <para>The walk allocates nothing: descriptors are read as single-copy-atomic 64-bit words and decoded through
/// the generated <c>vmsa64.*</c> types (plain structs), and the trace sink is only touched when it is not null.
/// The walker holds no state besides the memory, so any number of threads may walk at once.</para>
/// </remarks>
public sealed class Vmsa64Walker
{
    private readonly IGuestMemory _memory;

    // The common memory, called directly (sealed, so the JIT inlines the read) instead of through the interface.
    private readonly SparseGuestMemory? _sparse;

    /// <summary>A walker over <paramref name="memory"/>.</summary>
    public Vmsa64Walker(IGuestMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        _memory = memory;
        _sparse = memory as SparseGuestMemory;
    }

    /// <summary>The memory descriptors are read from.</summary>
    public IGuestMemory Memory => _memory;

    /// <summary>A stage-1 walk whose table addresses are physical.</summary>
    public WalkResult WalkStage1(in Stage1Config config, ulong va, AccessKind access, bool privileged, IWalkTraceSink? trace = null)
    {
        var none = default(NoStage2);
        return WalkStage1Core(in config, va, access, privileged, ref none, trace);
    }

    /// <summary>
    /// A stage-1 walk whose table addresses are IPAs translated by <paramref name="stage2"/> (a struct, so the call
    /// is direct). The result is stage 1's: its output is an IPA.
    /// </summary>
    public WalkResult WalkStage1Through<TStage2>(in Stage1Config config, ulong va, AccessKind access, bool privileged, ref TStage2 stage2, IWalkTraceSink? trace = null)
        where TStage2 : struct, IStage2Translator =>
        WalkStage1Core(in config, va, access, privileged, ref stage2, trace);

    /// <summary>A stage-1 walk whose table addresses are IPAs translated by <paramref name="stage2"/>.</summary>
    public WalkResult WalkStage1Through(in Stage1Config config, ulong va, AccessKind access, bool privileged, IStage2Translator stage2, IWalkTraceSink? trace = null)
    {
        ArgumentNullException.ThrowIfNull(stage2);
        var wrapped = new InterfaceStage2(stage2);
        return WalkStage1Core(in config, va, access, privileged, ref wrapped, trace);
    }

    /// <summary>
    /// A full nested translation: stage 1 with every descriptor address translated by stage 2, then stage 2 of the
    /// resulting IPA. The result combines both (smaller page, intersected permissions).
    /// </summary>
    public WalkResult WalkNested(in Stage1Config stage1, in Stage2Config stage2, ulong va, AccessKind access, bool privileged, IWalkTraceSink? trace = null)
    {
        var tables = new Stage2TableTranslator(this, in stage2);
        var first = WalkStage1Core(in stage1, va, access, privileged, ref tables, trace);
        if (first.IsFault)
        {
            return first;
        }

        var second = WalkStage2(in stage2, first.OutputAddress, access, privileged, trace, WalkPurpose.Stage2ForOutput);
        return second.IsFault
            ? WalkResult.Stage2FaultOfNested(in second, va, duringStage1TableWalk: false)
            : WalkResult.Combine(in first, in second);
    }

    /// <summary>
    /// A stage-2 walk of <paramref name="ipa"/>. <paramref name="privileged"/> only matters for FEAT_XNX;
    /// <paramref name="purpose"/> labels the trace steps.
    /// </summary>
    public WalkResult WalkStage2(in Stage2Config config, ulong ipa, AccessKind access, bool privileged, IWalkTraceSink? trace = null, WalkPurpose purpose = WalkPurpose.Stage2)
    {
        var granule = config.Granule;
        var g = (int)granule;
        var stride = g - 3;
        var level = config.StartLevel;
        var shift = VmsaGeometry.LevelShift(granule, level);
        var indexBits = config.InputSize - shift;

        // An IPA beyond 2^(64 - T0SZ) is a stage-2 Translation fault (QEMU smmu_ptw_64_s2 "IPA range check").
        if ((ipa >> config.InputSize) != 0)
        {
            return FailBeforeRead(trace, purpose, WalkFaultKind.Translation, TranslationStage.Stage2, ipa);
        }

        // The concatenated start table is aligned to its total size; lower base bits are ignored.
        var table = config.TableBase & ~((8UL << indexBits) - 1);
        var outputLimit = 1UL << config.OutputSize;
        if (table >= outputLimit)
        {
            return FailBeforeRead(trace, purpose, WalkFaultKind.AddressSize, TranslationStage.Stage2, ipa);
        }

        while (true)
        {
            var index = (ipa >> shift) & ((1UL << indexBits) - 1);
            var descriptorAddress = table + (index * 8);
            if (!ReadDescriptor(descriptorAddress, out var raw))
            {
                Step(trace, purpose, level, table, index, descriptorAddress, descriptorAddress, 0, false, WalkStepDecision.Fault, WalkFaultKind.ExternalAbort);
                return WalkResult.Faulted(WalkFaultKind.ExternalAbort, TranslationStage.Stage2, level, ipa, ipa, 0, descriptorAddress);
            }

            if ((raw & 1) == 0)
            {
                return Fail(trace, purpose, WalkFaultKind.Translation, TranslationStage.Stage2, level, table, index, descriptorAddress, descriptorAddress, raw, ipa);
            }

            if (level < VmsaGeometry.LastLevel && (raw & 2) != 0)
            {
                var next = new S2TableDescriptor(raw).GetNextTableAddress(g) & ~((1UL << g) - 1);
                if (next >= outputLimit)
                {
                    return Fail(trace, purpose, WalkFaultKind.AddressSize, TranslationStage.Stage2, level, table, index, descriptorAddress, descriptorAddress, raw, ipa);
                }

                Step(trace, purpose, level, table, index, descriptorAddress, descriptorAddress, raw, true, WalkStepDecision.NextLevel, WalkFaultKind.None);
                level++;
                table = next;
                shift -= stride;
                indexBits = stride;
                continue;
            }

            if (level == VmsaGeometry.LastLevel ? (raw & 2) == 0 : !VmsaGeometry.BlockAllowed(granule, level))
            {
                return Fail(trace, purpose, WalkFaultKind.Translation, TranslationStage.Stage2, level, table, index, descriptorAddress, descriptorAddress, raw, ipa);
            }

            var leaf = new S2LeafDescriptor(raw);
            var offsetMask = (1UL << shift) - 1;
            var output = leaf.GetOutputAddress(g) & ~offsetMask;
            if (output >= outputLimit)
            {
                return Fail(trace, purpose, WalkFaultKind.AddressSize, TranslationStage.Stage2, level, table, index, descriptorAddress, descriptorAddress, raw, ipa);
            }

            if (!leaf.AF && !config.AccessFlagFaultDisabled)
            {
                return Fail(trace, purpose, WalkFaultKind.AccessFlag, TranslationStage.Stage2, level, table, index, descriptorAddress, descriptorAddress, raw, ipa);
            }

            var permissions = Stage2Permissions(leaf, config.ExtendedExecuteNever);
            if (!permissions.Allows(access, privileged))
            {
                return Fail(trace, purpose, WalkFaultKind.Permission, TranslationStage.Stage2, level, table, index, descriptorAddress, descriptorAddress, raw, ipa);
            }

            Step(trace, purpose, level, table, index, descriptorAddress, descriptorAddress, raw, true, WalkStepDecision.Translated, WalkFaultKind.None);
            return WalkResult.Translated(TranslationStage.Stage2, level, ipa, output | (ipa & offsetMask), shift, permissions, raw, descriptorAddress);
        }
    }

    /// <summary>
    /// The AArch64 EL1&amp;0 stage-1 permissions of a leaf under the accumulated table restrictions (Arm ARM D8.4
    /// "Memory access control"; AArch64.S1ApplyOutputPerms): AP[2] read-only, AP[1] unprivileged access, APTable[1]
    /// removes write, APTable[0] removes unprivileged access; execution is governed only by PXN/UXN (and their table
    /// forms), a region writable at EL0 is never executable at EL1, and WXN makes a writable region execute-never.
    /// Checked against QEMU target/arm/ptw.c get_S1prot (<c>xn = pxn || (user_rw &amp; PAGE_WRITE)</c> for privileged
    /// accesses of a two-range regime; WXN removes execute from writable pages).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static WalkPermissions Stage1Permissions(S1LeafDescriptor leaf, bool noUnprivileged, bool readOnly, bool pxnTable, bool uxnTable, bool wxn)
    {
        var writable = !(leaf.ApReadOnly || readOnly);
        var unprivileged = leaf.ApUnprivileged && !noUnprivileged;
        var unprivilegedWrite = unprivileged && writable;
        var privilegedExecute = !(leaf.PXN || pxnTable || unprivilegedWrite || (wxn && writable));
        var unprivilegedExecute = !(leaf.UXN || uxnTable || (wxn && unprivilegedWrite));

        var p = WalkPermissions.PrivilegedRead;
        if (writable)
        {
            p |= WalkPermissions.PrivilegedWrite;
        }

        if (privilegedExecute)
        {
            p |= WalkPermissions.PrivilegedExecute;
        }

        if (unprivileged)
        {
            p |= WalkPermissions.UnprivilegedRead;
        }

        if (unprivilegedWrite)
        {
            p |= WalkPermissions.UnprivilegedWrite;
        }

        if (unprivilegedExecute)
        {
            p |= WalkPermissions.UnprivilegedExecute;
        }

        return p;
    }

    /// <summary>
    /// Stage-2 permissions: S2AP[0] read, S2AP[1] write, both privileges alike; execution from XN (bit 54), or with
    /// FEAT_XNX from XN[1:0]: 0 executable, 1 not at EL1, 2 never, 3 not at EL0 (Arm ARM D8.4 "Stage 2 execute-never";
    /// QEMU target/arm/ptw.c get_S2prot, which also grants AArch64 execution without S2AP read).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static WalkPermissions Stage2Permissions(S2LeafDescriptor leaf, bool xnx)
    {
        var p = WalkPermissions.None;
        if (leaf.S2ApRead)
        {
            p |= WalkPermissions.PrivilegedRead | WalkPermissions.UnprivilegedRead;
        }

        if (leaf.S2ApWrite)
        {
            p |= WalkPermissions.PrivilegedWrite | WalkPermissions.UnprivilegedWrite;
        }

        var xn = leaf.XN;
        bool privilegedExecute, unprivilegedExecute;
        if (xnx)
        {
            privilegedExecute = xn is 0 or 3;
            unprivilegedExecute = xn is 0 or 1;
        }
        else
        {
            privilegedExecute = unprivilegedExecute = (xn & 2) == 0;
        }

        if (privilegedExecute)
        {
            p |= WalkPermissions.PrivilegedExecute;
        }

        if (unprivilegedExecute)
        {
            p |= WalkPermissions.UnprivilegedExecute;
        }

        return p;
    }

    private WalkResult WalkStage1Core<TStage2>(in Stage1Config config, ulong va, AccessKind access, bool privileged, ref TStage2 stage2, IWalkTraceSink? trace)
        where TStage2 : struct, IStage2Translator
    {
        // For NoStage2 the JIT removes every nested branch: the specialisation is per struct type.
        var nested = typeof(TStage2) != typeof(NoStage2);
        var granule = config.Granule;
        var g = (int)granule;
        var stride = g - 3;
        var inputSize = config.InputSize;

        // Input bits above the TxSZ range must all equal the range's polarity (zero for TTB0, one for TTB1);
        // with TBI bits 63:56 do not take part (QEMU select_tt; Arm ARM AArch64.S1Walk).
        var top = config.TopByteIgnored ? 56 : 64;
        var upper = (top == 64 ? va : va & ((1UL << 56) - 1)) >> inputSize;
        var expected = config.UpperRange ? (1UL << (top - inputSize)) - 1 : 0;
        if (upper != expected)
        {
            return FailBeforeRead(trace, WalkPurpose.Stage1, WalkFaultKind.Translation, TranslationStage.Stage1, va);
        }

        var level = config.StartLevel;
        var shift = VmsaGeometry.LevelShift(granule, level);
        var indexBits = inputSize - shift;
        var table = config.TableBase & ~((8UL << indexBits) - 1);
        var outputLimit = 1UL << config.OutputSize;
        if (table >= outputLimit)
        {
            return FailBeforeRead(trace, WalkPurpose.Stage1, WalkFaultKind.AddressSize, TranslationStage.Stage1, va);
        }

        bool noUnprivileged = false, readOnly = false, pxnTable = false, uxnTable = false;
        while (true)
        {
            var index = (va >> shift) & ((1UL << indexBits) - 1);
            var descriptorInput = table + (index * 8);
            var descriptorAddress = descriptorInput;
            if (nested)
            {
                var s2 = stage2.TranslateTableRead(descriptorInput, trace);
                if (s2.IsFault)
                {
                    Step(trace, WalkPurpose.Stage1, level, table, index, descriptorInput, 0, 0, false, WalkStepDecision.Fault, s2.Fault);
                    return WalkResult.Stage2FaultOfNested(in s2, va, duringStage1TableWalk: true);
                }

                descriptorAddress = s2.OutputAddress;
            }

            if (!ReadDescriptor(descriptorAddress, out var raw))
            {
                Step(trace, WalkPurpose.Stage1, level, table, index, descriptorInput, descriptorAddress, 0, false, WalkStepDecision.Fault, WalkFaultKind.ExternalAbort);
                return WalkResult.Faulted(WalkFaultKind.ExternalAbort, TranslationStage.Stage1, level, va, 0, 0, descriptorAddress);
            }

            if ((raw & 1) == 0)
            {
                return Fail(trace, WalkPurpose.Stage1, WalkFaultKind.Translation, TranslationStage.Stage1, level, table, index, descriptorInput, descriptorAddress, raw, va);
            }

            if (level < VmsaGeometry.LastLevel && (raw & 2) != 0)
            {
                var descriptor = new S1TableDescriptor(raw);
                var next = descriptor.GetNextTableAddress(g) & ~((1UL << g) - 1);
                if (next >= outputLimit)
                {
                    return Fail(trace, WalkPurpose.Stage1, WalkFaultKind.AddressSize, TranslationStage.Stage1, level, table, index, descriptorInput, descriptorAddress, raw, va);
                }

                if (!config.HierarchicalPermissionsDisabled)
                {
                    noUnprivileged |= descriptor.ApTableNoUnprivileged;
                    readOnly |= descriptor.ApTableReadOnly;
                    pxnTable |= descriptor.PxnTable;
                    uxnTable |= descriptor.UxnTable;
                }

                Step(trace, WalkPurpose.Stage1, level, table, index, descriptorInput, descriptorAddress, raw, true, WalkStepDecision.NextLevel, WalkFaultKind.None);
                level++;
                table = next;
                shift -= stride;
                indexBits = stride;
                continue;
            }

            if (level == VmsaGeometry.LastLevel ? (raw & 2) == 0 : !VmsaGeometry.BlockAllowed(granule, level))
            {
                return Fail(trace, WalkPurpose.Stage1, WalkFaultKind.Translation, TranslationStage.Stage1, level, table, index, descriptorInput, descriptorAddress, raw, va);
            }

            var leaf = new S1LeafDescriptor(raw);
            var offsetMask = (1UL << shift) - 1;
            var output = leaf.GetOutputAddress(g) & ~offsetMask;
            if (output >= outputLimit)
            {
                return Fail(trace, WalkPurpose.Stage1, WalkFaultKind.AddressSize, TranslationStage.Stage1, level, table, index, descriptorInput, descriptorAddress, raw, va);
            }

            if (!leaf.AF && !config.AccessFlagFaultDisabled)
            {
                return Fail(trace, WalkPurpose.Stage1, WalkFaultKind.AccessFlag, TranslationStage.Stage1, level, table, index, descriptorInput, descriptorAddress, raw, va);
            }

            var permissions = Stage1Permissions(leaf, noUnprivileged, readOnly, pxnTable, uxnTable, config.WriteImpliesExecuteNever);
            if (!permissions.Allows(access, privileged))
            {
                return Fail(trace, WalkPurpose.Stage1, WalkFaultKind.Permission, TranslationStage.Stage1, level, table, index, descriptorInput, descriptorAddress, raw, va);
            }

            Step(trace, WalkPurpose.Stage1, level, table, index, descriptorInput, descriptorAddress, raw, true, WalkStepDecision.Translated, WalkFaultKind.None);
            return WalkResult.Translated(TranslationStage.Stage1, level, va, output | (va & offsetMask), shift, permissions, raw, descriptorAddress);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ReadDescriptor(ulong address, out ulong value) =>
        _sparse is not null ? _sparse.TryReadUInt64(address, out value) : _memory.TryReadUInt64(address, out value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(
        IWalkTraceSink? trace, WalkPurpose purpose, int level, ulong table, ulong index, ulong descriptorInput, ulong descriptorAddress,
        ulong raw, bool hasDescriptor, WalkStepDecision decision, WalkFaultKind fault)
    {
        if (trace is not null)
        {
            trace.OnStep(new WalkTraceStep(purpose, level, table, (int)index, descriptorInput, descriptorAddress, raw, hasDescriptor, decision, fault));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WalkResult Fail(
        IWalkTraceSink? trace, WalkPurpose purpose, WalkFaultKind fault, TranslationStage stage, int level, ulong table, ulong index,
        ulong descriptorInput, ulong descriptorAddress, ulong raw, ulong input)
    {
        Step(trace, purpose, level, table, index, descriptorInput, descriptorAddress, raw, true, WalkStepDecision.Fault, fault);
        return WalkResult.Faulted(fault, stage, level, input, stage == TranslationStage.Stage2 ? input : 0, raw, descriptorAddress);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WalkResult FailBeforeRead(IWalkTraceSink? trace, WalkPurpose purpose, WalkFaultKind fault, TranslationStage stage, ulong input)
    {
        Step(trace, purpose, 0, 0, 0, 0, 0, 0, false, WalkStepDecision.Fault, fault);
        return WalkResult.Faulted(fault, stage, 0, input, stage == TranslationStage.Stage2 ? input : 0);
    }

    /// <summary>Adapts a class translator to the struct-constrained core.</summary>
    private readonly struct InterfaceStage2(IStage2Translator inner) : IStage2Translator
    {
        public WalkResult TranslateTableRead(ulong ipa, IWalkTraceSink? trace) => inner.TranslateTableRead(ipa, trace);
    }
}
