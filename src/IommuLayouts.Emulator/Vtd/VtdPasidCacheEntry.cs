using IommuLayouts.Specs.Vtd;

using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>A PASID-cache entry: one PASID-table entry, decoded, with the FPD of its directory entry folded in.</summary>
internal sealed class VtdPasidCacheEntry
{
    public required ushort DomainId { get; init; }

    public required uint Pasid { get; init; }

    public required PasidGranularTranslationType Pgtt { get; init; }

    /// <summary>FPD of the directory entry or the PASID entry.</summary>
    public required bool FaultProcessingDisable { get; init; }

    public bool SupervisorRequestEnable { get; init; }

    public bool ExecuteRequestEnable { get; init; }

    public VtdFirstStageConfig FirstStage { get; init; }

    public VtdSecondStageConfig SecondStage { get; init; }
}
