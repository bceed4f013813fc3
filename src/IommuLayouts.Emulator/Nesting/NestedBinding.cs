namespace IommuLayouts.Emulator.Nesting;

/// <summary>A guest stage-1 configuration attached to an endpoint on top of a host stage-2 domain.</summary>
public sealed record NestedBinding(NestedEndpoint Endpoint, HostStage2Domain Domain, GuestStage1Config Config);
