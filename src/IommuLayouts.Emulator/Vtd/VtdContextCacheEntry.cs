
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// A context-cache entry: what the root and context entries of one source id said, decoded. Legacy entries carry
/// the domain and second-stage configuration; scalable entries the PASID-directory fields.
/// </summary>
internal sealed class VtdContextCacheEntry
{
    public required bool Scalable { get; init; }

    public required bool FaultProcessingDisable { get; init; }

    /// <summary>Legacy: the context DID (context-cache domain-selective invalidation matches it).</summary>
    public ushort DomainId { get; init; }

    /// <summary>Legacy: TT = 2.</summary>
    public bool PassThrough { get; init; }

    /// <summary>Legacy: the second-stage tables.</summary>
    public VtdSecondStageConfig SecondStage { get; init; }

    /// <summary>Scalable: PASIDE.</summary>
    public bool PasidEnable { get; init; }

    /// <summary>Scalable: PASID-directory entries, 2^(PDTS + 7).</summary>
    public int PasidDirectoryEntries { get; init; }

    /// <summary>Scalable: PASIDDIRPTR.</summary>
    public ulong PasidDirectory { get; init; }

    /// <summary>Scalable: the PASID of requests without PASID.</summary>
    public uint RidPasid { get; init; }
}
