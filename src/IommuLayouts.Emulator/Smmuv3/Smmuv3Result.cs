using System.Globalization;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// The outcome of <see cref="Smmuv3Device.Translate"/>, a value: a translation (output address, mapped size, permissions), a
/// bypass, an abort without event, or a fault carrying its architected event record.
/// </summary>
public readonly struct Smmuv3Result
{
    private readonly EventRecord _event;

    private Smmuv3Result(Smmuv3Outcome outcome, ulong output, int pageShift, WalkPermissions permissions, in EventRecord record, bool recorded)
    {
        Outcome = outcome;
        OutputAddress = output;
        PageShift = pageShift;
        Permissions = permissions;
        _event = record;
        EventRecorded = recorded;
    }

    /// <summary>How the transaction ended.</summary>
    public Smmuv3Outcome Outcome { get; }

    /// <summary>True for <see cref="Smmuv3Outcome.Translated"/> and <see cref="Smmuv3Outcome.Bypassed"/>: the access proceeds.</summary>
    public bool IsSuccess => Outcome is Smmuv3Outcome.Translated or Smmuv3Outcome.Bypassed;

    /// <summary>The output (physical) address; 0 unless <see cref="IsSuccess"/>.</summary>
    public ulong OutputAddress { get; }

    /// <summary>log2 of the size of the translated region (12 for a bypass).</summary>
    public int PageShift { get; }

    /// <summary>Size in bytes of the translated region; 0 unless <see cref="IsSuccess"/>.</summary>
    public ulong PageSize => IsSuccess ? 1UL << PageShift : 0;

    /// <summary>What the translation allows (both stages intersected); <see cref="WalkPermissions.All"/> for a bypass.</summary>
    public WalkPermissions Permissions { get; }

    /// <summary>The event of a <see cref="Smmuv3Outcome.Faulted"/> result (default otherwise), whether or not it was recorded.</summary>
    public EventRecord Event => _event;

    /// <summary>The event type of a fault.</summary>
    public EventType EventType => _event.EventID;

    /// <summary>True when the event was written to the event queue.</summary>
    public bool EventRecorded { get; }

    internal static Smmuv3Result Translated(ulong output, int pageShift, WalkPermissions permissions) =>
        new(Smmuv3Outcome.Translated, output, pageShift, permissions, default, false);

    internal static Smmuv3Result Bypassed(ulong output) =>
        new(Smmuv3Outcome.Bypassed, output, 12, WalkPermissions.All, default, false);

    internal static Smmuv3Result Aborted() => new(Smmuv3Outcome.Aborted, 0, 0, WalkPermissions.None, default, false);

    internal static Smmuv3Result Faulted(in EventRecord record, bool recorded) =>
        new(Smmuv3Outcome.Faulted, 0, 0, WalkPermissions.None, in record, recorded);

    /// <inheritdoc/>
    public override string ToString() => Outcome switch
    {
        Smmuv3Outcome.Translated => string.Create(CultureInfo.InvariantCulture, $"translated to 0x{OutputAddress:x} (2^{PageShift} bytes, {Permissions})"),
        Smmuv3Outcome.Bypassed => string.Create(CultureInfo.InvariantCulture, $"bypassed to 0x{OutputAddress:x}"),
        Smmuv3Outcome.Aborted => "aborted",
        _ => $"{_event.EventID}{(EventRecorded ? string.Empty : " (not recorded)")}",
    };
}
