using System.Globalization;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Walkers.Vtd;

/// <summary>
/// The outcome of a VT-d walk, a value: a translation (output, page size, permissions for both privileges) or a
/// fault (what, at which stage and level; for a nested walk, whether the second stage failed while translating a
/// first-stage table address, and whether that table was the first-stage root).
/// </summary>
public readonly struct VtdWalkResult
{
    private VtdWalkResult(
        VtdWalkFault fault, VtdWalkStage stage, int level, ulong input, ulong output, int pageShift, WalkPermissions permissions,
        ulong descriptor, bool duringFirstStageTableWalk, bool atFirstStageRoot, bool dirty)
    {
        Fault = fault;
        Stage = stage;
        Level = level;
        InputAddress = input;
        OutputAddress = output;
        PageShift = pageShift;
        Permissions = permissions;
        Descriptor = descriptor;
        DuringFirstStageTableWalk = duringFirstStageTableWalk;
        AtFirstStageRoot = atFirstStageRoot;
        Dirty = dirty;
    }

    /// <summary>The fault, or <see cref="VtdWalkFault.None"/>.</summary>
    public VtdWalkFault Fault { get; }

    /// <summary>True when the walk did not translate.</summary>
    public bool IsFault => Fault != VtdWalkFault.None;

    /// <summary>The stage that faulted; for a translation, the first stage when one was used.</summary>
    public VtdWalkStage Stage { get; }

    /// <summary>Level of the leaf (1 = 4 KiB, 2 = 2 MiB, 3 = 1 GiB) or of the faulting entry (0 before any read).</summary>
    public int Level { get; }

    /// <summary>The address that was translated.</summary>
    public ulong InputAddress { get; }

    /// <summary>The output address of <see cref="InputAddress"/>.</summary>
    public ulong OutputAddress { get; }

    /// <summary>log2 of the mapped size (12, 21 or 30; the smaller of both stages when nested).</summary>
    public int PageShift { get; }

    /// <summary>Size in bytes of the mapped region (0 for a fault).</summary>
    public ulong PageSize => IsFault ? 0 : 1UL << PageShift;

    /// <summary>What the translation allows, per privilege (both stages intersected when nested).</summary>
    public WalkPermissions Permissions { get; }

    /// <summary>The leaf entry, or the entry that faulted when one was read.</summary>
    public ulong Descriptor { get; }

    /// <summary>Nested: the second stage failed while translating the address of a first-stage paging entry.</summary>
    public bool DuringFirstStageTableWalk { get; }

    /// <summary>Nested: that first-stage entry was in the root table (FL-PML4/PML5, fault 0x75 rather than 0x76).</summary>
    public bool AtFirstStageRoot { get; }

    /// <summary>
    /// The translation may be used for writes without another walk: the leaf's dirty flag is set (first stage, or
    /// second stage with SSADE) or the stage keeps no dirty flag. A cached entry with false must walk again for a write.
    /// </summary>
    public bool Dirty { get; }

    /// <summary>A translation.</summary>
    public static VtdWalkResult Translated(VtdWalkStage stage, int level, ulong input, ulong output, int pageShift, WalkPermissions permissions, ulong descriptor, bool dirty) =>
        new(VtdWalkFault.None, stage, level, input, output, pageShift, permissions, descriptor, false, false, dirty);

    /// <summary>A fault.</summary>
    public static VtdWalkResult Faulted(VtdWalkFault fault, VtdWalkStage stage, int level, ulong input, ulong descriptor = 0) =>
        new(fault, stage, level, input, 0, 0, WalkPermissions.None, descriptor, false, false, false);

    /// <summary>A second-stage fault met while translating a first-stage entry address, re-expressed for the request's input.</summary>
    public static VtdWalkResult SecondStageFaultOfTableWalk(in VtdWalkResult secondStageFault, ulong input, bool atRoot) =>
        new(secondStageFault.Fault, VtdWalkStage.SecondStage, secondStageFault.Level, input, 0, 0, WalkPermissions.None,
            secondStageFault.Descriptor, true, atRoot, false);

    /// <summary>A second-stage fault of the nested walk's final output, re-expressed for the request's input.</summary>
    public static VtdWalkResult SecondStageFaultOfOutput(in VtdWalkResult secondStageFault, ulong input) =>
        new(secondStageFault.Fault, VtdWalkStage.SecondStage, secondStageFault.Level, input, 0, 0, WalkPermissions.None,
            secondStageFault.Descriptor, false, false, false);

    /// <summary>Combines a first-stage translation with the second-stage translation of its output.</summary>
    public static VtdWalkResult Combine(in VtdWalkResult first, in VtdWalkResult second) =>
        new(VtdWalkFault.None, VtdWalkStage.FirstStage, first.Level, first.InputAddress, second.OutputAddress,
            first.PageShift < second.PageShift ? first.PageShift : second.PageShift, first.Permissions & second.Permissions,
            first.Descriptor, false, false, first.Dirty && second.Dirty);

    /// <inheritdoc/>
    public override string ToString() => IsFault
        ? string.Create(CultureInfo.InvariantCulture, $"{Fault} ({Stage}, level {Level}{(DuringFirstStageTableWalk ? ", first-stage table walk" : string.Empty)}), input 0x{InputAddress:x}")
        : string.Create(CultureInfo.InvariantCulture, $"0x{InputAddress:x} -> 0x{OutputAddress:x} (level {Level}, 2^{PageShift} bytes, {Permissions})");
}
