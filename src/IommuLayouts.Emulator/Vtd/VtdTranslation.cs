using System.Globalization;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// The result of a request, a value: a translation (output, page size, permissions, whether it was pass-through)
/// or a fault (reason code, the FRCD record it produced, and whether that record reached a fault-recording
/// register: a fault is not recorded when FPD suppresses it or when the registers overflow).
/// </summary>
public readonly struct VtdTranslation
{
    private readonly WalkFaultKind _walkFault;
    private readonly WalkFaultDetail _walkDetail;
    private readonly TranslationStage _walkStage;
    private readonly ulong _walkEntry;

    private VtdTranslation(VtdOutcome outcome, ulong output, int pageShift, WalkPermissions permissions, bool passThrough, FaultReason reason, FaultRecord record, bool recorded)
    {
        Outcome = outcome;
        OutputAddress = output;
        PageShift = pageShift;
        Permissions = permissions;
        PassThrough = passThrough;
        Reason = reason;
        Record = record;
        Recorded = recorded;
    }

    private VtdTranslation(in VtdTranslation fault, in WalkResult walk)
        : this(fault.Outcome, 0, 0, WalkPermissions.None, false, fault.Reason, fault.Record, fault.Recorded)
    {
        _walkFault = walk.Fault;
        _walkDetail = walk.Detail;
        _walkStage = walk.Stage;
        _walkEntry = walk.Descriptor;
    }

    /// <summary>What became of the request.</summary>
    public VtdOutcome Outcome { get; }

    /// <summary>True when translated.</summary>
    public bool IsTranslated => Outcome == VtdOutcome.Translated;

    /// <summary>True when faulted.</summary>
    public bool IsFault => Outcome == VtdOutcome.Faulted;

    /// <summary>The output address.</summary>
    public ulong OutputAddress { get; }

    /// <summary>log2 of the translated region's size.</summary>
    public int PageShift { get; }

    /// <summary>The translated region's size (0 unless translated).</summary>
    public ulong PageSize => IsTranslated ? 1UL << PageShift : 0;

    /// <summary>What the translation allows.</summary>
    public WalkPermissions Permissions { get; }

    /// <summary>Identity translation: translation disabled, legacy TT = 2, or PGTT = 4.</summary>
    public bool PassThrough { get; }

    /// <summary>The fault reason (when faulted).</summary>
    public FaultReason Reason { get; }

    /// <summary>The fault record the request produced (F set), whether or not it was recorded.</summary>
    public FaultRecord Record { get; }

    /// <summary>The record was written to a fault-recording register.</summary>
    public bool Recorded { get; }

    /// <summary>
    /// For a fault raised by a page walk, the stage whose tables faulted (the first stage, or the second stage, also while
    /// translating a first-stage table address); null for faults of the root, context and PASID structures.
    /// </summary>
    public TranslationStage? FaultStage => _walkFault == WalkFaultKind.None ? null : _walkStage;

    /// <summary>For a walk fault, its kind in the walk engine's vocabulary (<see cref="WalkFaultKind.None"/> otherwise).</summary>
    public WalkFaultKind WalkFault => _walkFault;

    /// <summary>For a walk fault, its detail.</summary>
    public WalkFaultDetail WalkFaultDetail => _walkDetail;

    /// <summary>For a walk fault, the paging entry that caused it, when one was read (0 otherwise).</summary>
    public ulong FaultEntry => _walkEntry;

    internal static VtdTranslation Translated(ulong output, int pageShift, WalkPermissions permissions, bool passThrough) =>
        new(VtdOutcome.Translated, output, pageShift, permissions, passThrough, 0, default, false);

    internal static VtdTranslation Faulted(FaultReason reason, in FaultRecord record, bool recorded) =>
        new(VtdOutcome.Faulted, 0, 0, WalkPermissions.None, false, reason, record, recorded);

    /// <summary>This fault, with the walk fault that caused it attached.</summary>
    internal VtdTranslation OfWalk(in WalkResult walk) => new(in this, in walk);

    internal static VtdTranslation Other(VtdOutcome outcome) =>
        new(outcome, 0, 0, WalkPermissions.None, false, 0, default, false);

    /// <inheritdoc/>
    public override string ToString() => Outcome switch
    {
        VtdOutcome.Translated => string.Create(CultureInfo.InvariantCulture, $"-> 0x{OutputAddress:x} (2^{PageShift} bytes, {Permissions}{(PassThrough ? ", pass-through" : string.Empty)})"),
        VtdOutcome.Faulted => string.Create(CultureInfo.InvariantCulture, $"fault 0x{(byte)Reason:x2} {Reason}{(Recorded ? string.Empty : " (not recorded)")}"),
        _ => Outcome.ToString(),
    };
}
