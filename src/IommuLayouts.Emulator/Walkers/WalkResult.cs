using System.Globalization;
using IommuLayouts.Specs.Vmsa;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// The outcome of a VMSAv8-64 walk, a value: either a translation (output address, mapped size, permissions,
/// the leaf descriptors, the level) or a fault (kind, stage, level, the faulting address, the descriptor address
/// for an external abort). Faults are never exceptions.
/// </summary>
public readonly struct WalkResult
{
    private WalkResult(
        WalkFaultKind fault, TranslationStage stage, int level, ulong inputAddress, ulong outputAddress, ulong intermediateAddress,
        int pageShift, WalkPermissions permissions, ulong descriptor, ulong stage2Descriptor, int stage2Level, ulong descriptorAddress,
        bool duringStage1TableWalk)
    {
        Fault = fault;
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
        DuringStage1TableWalk = duringStage1TableWalk;
    }

    /// <summary>The fault, or <see cref="WalkFaultKind.None"/> when the walk translated.</summary>
    public WalkFaultKind Fault { get; }

    /// <summary>True when the walk faulted.</summary>
    public bool IsFault => Fault != WalkFaultKind.None;

    /// <summary>
    /// For a fault, the stage that faulted (SMMUv3 event S2 bit = stage 2). For a translation, the stage of the walk
    /// (<see cref="TranslationStage.Stage1"/> for stage-1 and nested walks).
    /// </summary>
    public TranslationStage Stage { get; }

    /// <summary>The level of the leaf (stage 1 for a nested walk) or of the fault.</summary>
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

    /// <summary>The leaf descriptor (stage 1 for stage-1 and nested walks); for a fault, the descriptor that caused it, if read.</summary>
    public ulong Descriptor { get; }

    /// <summary>Nested translation: the stage-2 leaf descriptor of the final IPA.</summary>
    public ulong Stage2Descriptor { get; }

    /// <summary>Nested translation: the stage-2 leaf level.</summary>
    public int Stage2Level { get; }

    /// <summary>
    /// Physical address of the last descriptor read: of the descriptor whose read aborted for
    /// <see cref="WalkFaultKind.ExternalAbort"/>, of the leaf for a translation (for hardware flag updates).
    /// </summary>
    public ulong DescriptorAddress { get; }

    /// <summary>
    /// A stage-2 fault raised while translating the address of a stage-1 table descriptor (SMMUv3 CLASS = TT, S2 = 1).
    /// </summary>
    public bool DuringStage1TableWalk { get; }

    /// <summary>
    /// True for a stage-1 (or nested) translation whose leaf has nG = 1: it belongs to the current ASID; otherwise it is
    /// global and a TLB matches it for every ASID.
    /// </summary>
    public bool NotGlobal => !IsFault && Stage == TranslationStage.Stage1 && new S1LeafDescriptor(Descriptor).NG;

    /// <summary>The stage-1 leaf (meaningful for stage-1 and nested translations).</summary>
    public S1LeafDescriptor Stage1Leaf => new(Descriptor);

    /// <summary>The stage-2 leaf: <see cref="Stage2Descriptor"/> for a nested translation, else <see cref="Descriptor"/>.</summary>
    public S2LeafDescriptor Stage2Leaf => new(Stage == TranslationStage.Stage1 ? Stage2Descriptor : Descriptor);

    /// <summary>A successful translation.</summary>
    public static WalkResult Translated(
        TranslationStage stage, int level, ulong inputAddress, ulong outputAddress, int pageShift, WalkPermissions permissions,
        ulong descriptor, ulong descriptorAddress) =>
        new(WalkFaultKind.None, stage, level, inputAddress, outputAddress, 0, pageShift, permissions, descriptor, 0, -1, descriptorAddress, false);

    /// <summary>A fault.</summary>
    public static WalkResult Faulted(
        WalkFaultKind fault, TranslationStage stage, int level, ulong inputAddress, ulong intermediateAddress = 0, ulong descriptor = 0,
        ulong descriptorAddress = 0, bool duringStage1TableWalk = false) =>
        new(fault, stage, level, inputAddress, 0, intermediateAddress, 0, WalkPermissions.None, descriptor, 0, -1, descriptorAddress, duringStage1TableWalk);

    /// <summary>Combines a stage-1 translation with the stage-2 translation of its output (QEMU smmu-common.c combine_tlb).</summary>
    public static WalkResult Combine(in WalkResult stage1, in WalkResult stage2) =>
        new(WalkFaultKind.None, TranslationStage.Stage1, stage1.Level, stage1.InputAddress, stage2.OutputAddress, stage1.OutputAddress,
            stage1.PageShift < stage2.PageShift ? stage1.PageShift : stage2.PageShift, stage1.Permissions & stage2.Permissions,
            stage1.Descriptor, stage2.Descriptor, stage2.Level, stage1.DescriptorAddress, false);

    /// <summary>A stage-2 fault met by a nested walk, re-expressed for the original input address.</summary>
    public static WalkResult Stage2FaultOfNested(in WalkResult stage2Fault, ulong inputAddress, bool duringStage1TableWalk) =>
        new(stage2Fault.Fault, TranslationStage.Stage2, stage2Fault.Level, inputAddress, 0, stage2Fault.InputAddress, 0, WalkPermissions.None,
            stage2Fault.Descriptor, 0, -1, stage2Fault.DescriptorAddress, duringStage1TableWalk);

    /// <inheritdoc/>
    public override string ToString() => IsFault
        ? string.Create(CultureInfo.InvariantCulture, $"{Fault} fault, stage {(int)Stage}, level {Level}, input 0x{InputAddress:x}{(Stage == TranslationStage.Stage2 ? $", IPA 0x{IntermediateAddress:x}" : string.Empty)}{(DuringStage1TableWalk ? " (stage-1 table walk)" : string.Empty)}{(Fault == WalkFaultKind.ExternalAbort ? $", descriptor at 0x{DescriptorAddress:x}" : string.Empty)}")
        : string.Create(CultureInfo.InvariantCulture, $"0x{InputAddress:x} -> 0x{OutputAddress:x} (level {Level}, 2^{PageShift} bytes, {Permissions})");
}
