using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Scenarios;

/// <summary>
/// One DMA request of a scenario. SMMUv3 requests carry a StreamID and optional SubstreamID; VT-d requests a source
/// id (bus &lt;&lt; 8 | device &lt;&lt; 3 | function) and optional PASID. An interrupt request (<see cref="Kind"/>) is a write of
/// <see cref="Data"/> to the address.
/// </summary>
public sealed record ScenarioRequest(
    string Name,
    ulong Address,
    AccessKind Access,
    bool Privileged,
    bool Execute,
    uint? StreamId,
    uint? SubstreamId,
    ushort? SourceId,
    uint? Pasid)
{
    /// <summary>DMA (default) or an interrupt request (<c>"kind": "interrupt"</c>).</summary>
    public ScenarioRequestKind Kind { get; init; }

    /// <summary>The message data of an interrupt request (<c>"data"</c>).</summary>
    public uint Data { get; init; }
}
