using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Scenarios;

/// <summary>
/// One DMA request of a scenario. SMMUv3 requests carry a StreamID and optional SubstreamID; VT-d requests a source
/// id (bus &lt;&lt; 8 | device &lt;&lt; 3 | function) and optional PASID.
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
    uint? Pasid);
