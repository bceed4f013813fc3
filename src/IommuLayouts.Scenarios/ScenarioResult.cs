using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Scenarios;

/// <summary>
/// What one request did: a translation (output, page size, permissions) or a fault. <see cref="Fault"/> is the
/// architected name of what went wrong: an SMMUv3 event name such as <c>F_TRANSLATION</c>, a VT-d fault reason code
/// such as <c>0x59</c>, or a model-defined word for outcomes that record nothing (e.g. <c>ABORT</c>).
/// </summary>
public sealed record ScenarioResult(
    bool Ok,
    ulong Output,
    ulong PageSize,
    WalkPermissions Permissions,
    string? Fault,
    ScenarioRecord? Record)
{
    /// <summary>An interrupt request's delivered message data (or posted vector); null for DMA.</summary>
    public uint? Data { get; init; }

    /// <summary>A one-line account of what the device did (interrupt requests), printed instead of page size and permissions.</summary>
    public string? Detail { get; init; }

    /// <summary>A successful translation.</summary>
    public static ScenarioResult Translated(ulong output, ulong pageSize, WalkPermissions permissions) =>
        new(true, output, pageSize, permissions, null, null);

    /// <summary>A fault, with the record it produced if any.</summary>
    public static ScenarioResult Faulted(string fault, ScenarioRecord? record) =>
        new(false, 0, 0, WalkPermissions.None, fault, record);
}
