using System.Globalization;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// The outcome of a walk in any format, a value: either a translation (output address, mapped size, permissions, the
/// leaf entries, the level) or a fault (kind and detail, stage, level, the faulting address, the entry address for an
/// external abort, and for a nested walk whether stage 2 faulted while fetching a stage-1 table). Faults are never
/// exceptions; each device maps them to its own events or fault reasons in one place.
/// </summary>
public readonly struct WalkResult
{
    private readonly Flags _flags;

    private WalkResult(
        WalkFaultKind fault, WalkFaultDetail detail, TranslationStage stage, int level, ulong inputAddress, ulong outputAddress,
        ulong intermediateAddress, int pageShift, WalkPermissions permissions, ulong descriptor, ulong stage2Descriptor, int stage2Level,
        ulong descriptorAddress, Flags flags)
    {
        Fault = fault;
        Detail = detail;
        Stage = stage;
        Level = level;
        InputAddress = inputAddress;
        OutputAddress = outputAddress;
        IntermediateAddress = intermediateAddress;
        PageShift = pageShift;
        Permissions = permissions;
        Descriptor = descriptor;
        Stage2Descriptor = stage2Descriptor;
        Stage2Level = stage2Level;
        DescriptorAddress = descriptorAddress;
        _flags = flags;
    }

    [System.Flags]
    private enum Flags : byte
    {
        None = 0,
        DuringStage1TableWalk = 1,
        AtStartLevel = 2,
        Stage1FetchAtStartLevel = 4,
        Global = 8,
        Dirty = 16,
    }

    /// <summary>The fault, or <see cref="WalkFaultKind.None"/> when the walk translated.</summary>
    public WalkFaultKind Fault { get; }

    /// <summary>Why, in the terms a VT-d fault reason needs (VMSA devices use <see cref="Fault"/> alone).</summary>
    public WalkFaultDetail Detail { get; }

    /// <summary>True when the walk faulted.</summary>
    public bool IsFault => Fault != WalkFaultKind.None;

    /// <summary>
    /// For a fault, the stage that faulted (SMMUv3 event S2 bit = stage 2). For a translation, the stage of the walk
    /// (<see cref="TranslationStage.Stage1"/> for stage-1 and nested walks).
    /// </summary>
    public TranslationStage Stage { get; }

    /// <summary>The level of the leaf (stage 1 for a nested walk) or of the fault (0 for a fault before any read).</summary>
    public int Level { get; }

    /// <summary>The address given to the walk (a VA, or an IPA for a stage-2-only walk).</summary>
    public ulong InputAddress { get; }

    /// <summary>The translated (physical) address; 0 for a fault.</summary>
    public ulong OutputAddress { get; }

    /// <summary>
    /// Nested translation: the IPA stage 1 produced. Stage-2 fault: the IPA that faulted (the stage-1 descriptor's IPA
    /// when <see cref="DuringStage1TableWalk"/>, else the stage-1 output or the stage-2-only input).
    /// </summary>
    public ulong IntermediateAddress { get; }

    /// <summary>log2 of the size of the region the translation covers (the smaller of both stages when nested).</summary>
    public int PageShift { get; }

    /// <summary>Size in bytes of the region the translation covers.</summary>
    public ulong PageSize => IsFault ? 0 : 1UL << PageShift;

    /// <summary>What the translation allows (both stages intersected when nested).</summary>
    public WalkPermissions Permissions { get; }

    /// <summary>The leaf entry (stage 1 for stage-1 and nested walks); for a fault, the entry that caused it, if read.</summary>
    public ulong Descriptor { get; }

    /// <summary>Nested translation: the stage-2 leaf entry of the final IPA.</summary>
    public ulong Stage2Descriptor { get; }

    /// <summary>Nested translation: the stage-2 leaf level.</summary>
    public int Stage2Level { get; }

    /// <summary>
    /// Physical address of the last entry read: of the entry whose read or update aborted for
    /// <see cref="WalkFaultKind.ExternalAbort"/>, of the leaf for a translation.
    /// </summary>
    public ulong DescriptorAddress { get; }

    /// <summary>A stage-2 fault raised while translating the address of a stage-1 table entry (SMMUv3 CLASS = TT, S2 = 1).</summary>
    public bool DuringStage1TableWalk => (_flags & Flags.DuringStage1TableWalk) != 0;

    /// <summary>The fault was met in the faulting stage's start (root) table, or before any read.</summary>
    public bool AtStartLevel => (_flags & Flags.AtStartLevel) != 0;

    /// <summary>With <see cref="DuringStage1TableWalk"/>: the stage-1 table being fetched was the stage-1 root table.</summary>
    public bool Stage1FetchAtStartLevel => (_flags & Flags.Stage1FetchAtStartLevel) != 0;

    /// <summary>A translation whose stage-1 leaf is shared by every address space (VMSA nG = 0, VT-d first-stage G = 1).</summary>
    public bool Global => (_flags & Flags.Global) != 0;

    /// <summary>
    /// True for a stage-1 (or nested) translation whose leaf belongs to the current address space (VMSA nG = 1): a TLB
    /// matches it only for that ASID/PASID.
    /// </summary>
    public bool NotGlobal => !IsFault && Stage == TranslationStage.Stage1 && !Global;

    /// <summary>
    /// A translation that allows a later write without another walk: no hardware dirty flag is left to set (both stages
    /// when nested).
    /// </summary>
    public bool Dirty => (_flags & Flags.Dirty) != 0;

    /// <summary>A successful translation.</summary>
    public static WalkResult Translated(
        TranslationStage stage, int level, ulong inputAddress, ulong outputAddress, int pageShift, WalkPermissions permissions,
        ulong descriptor, ulong descriptorAddress, bool global, bool dirty) =>
        new(WalkFaultKind.None, WalkFaultDetail.None, stage, level, inputAddress, outputAddress, 0, pageShift, permissions, descriptor, 0, -1,
            descriptorAddress, (global ? Flags.Global : 0) | (dirty ? Flags.Dirty : 0));

    /// <summary>A fault of a single-stage walk (for stage 2, <paramref name="inputAddress"/> is also the faulting IPA).</summary>
    public static WalkResult Faulted(
        WalkFaultKind fault, WalkFaultDetail detail, TranslationStage stage, int level, ulong inputAddress, ulong descriptor = 0,
        ulong descriptorAddress = 0, bool atStartLevel = false) =>
        new(fault, detail, stage, level, inputAddress, 0, stage == TranslationStage.Stage2 ? inputAddress : 0, 0, WalkPermissions.None,
            descriptor, 0, -1, descriptorAddress, atStartLevel ? Flags.AtStartLevel : 0);

    /// <summary>Combines a stage-1 translation with the stage-2 translation of its output (QEMU smmu-common.c combine_tlb).</summary>
    public static WalkResult Combine(in WalkResult stage1, in WalkResult stage2) =>
        new(WalkFaultKind.None, WalkFaultDetail.None, TranslationStage.Stage1, stage1.Level, stage1.InputAddress, stage2.OutputAddress,
            stage1.OutputAddress, stage1.PageShift < stage2.PageShift ? stage1.PageShift : stage2.PageShift,
            stage1.Permissions & stage2.Permissions, stage1.Descriptor, stage2.Descriptor, stage2.Level, stage1.DescriptorAddress,
            (stage1._flags & Flags.Global) | (stage1.Dirty && stage2.Dirty ? Flags.Dirty : 0));

    /// <summary>
    /// A stage-2 fault met by a nested walk, re-expressed for the original input address; <paramref name="stage1FetchAtStartLevel"/>
    /// says whether the stage-1 table being fetched was the stage-1 root (with <paramref name="duringStage1TableWalk"/>).
    /// </summary>
    public static WalkResult Stage2FaultOfNested(in WalkResult stage2Fault, ulong inputAddress, bool duringStage1TableWalk, bool stage1FetchAtStartLevel = false) =>
        new(stage2Fault.Fault, stage2Fault.Detail, TranslationStage.Stage2, stage2Fault.Level, inputAddress, 0, stage2Fault.InputAddress, 0,
            WalkPermissions.None, stage2Fault.Descriptor, 0, -1, stage2Fault.DescriptorAddress,
            (stage2Fault._flags & Flags.AtStartLevel)
            | (duringStage1TableWalk ? Flags.DuringStage1TableWalk : 0)
            | (duringStage1TableWalk && stage1FetchAtStartLevel ? Flags.Stage1FetchAtStartLevel : 0));

    /// <inheritdoc/>
    public override string ToString() => IsFault
        ? string.Create(CultureInfo.InvariantCulture, $"{Fault} fault{(Detail != WalkFaultDetail.None ? $" ({Detail})" : string.Empty)}, stage {(int)Stage}, level {Level}, input 0x{InputAddress:x}{(Stage == TranslationStage.Stage2 ? $", IPA 0x{IntermediateAddress:x}" : string.Empty)}{(DuringStage1TableWalk ? " (stage-1 table walk)" : string.Empty)}{(Fault == WalkFaultKind.ExternalAbort ? $", descriptor at 0x{DescriptorAddress:x}" : string.Empty)}")
        : string.Create(CultureInfo.InvariantCulture, $"0x{InputAddress:x} -> 0x{OutputAddress:x} (level {Level}, 2^{PageShift} bytes, {Permissions})");
}
