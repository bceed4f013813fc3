namespace IommuLayouts.Emulator.Caches;

/// <summary>
/// What a TLB entry's input address is, which decides the invalidations that reach it: VA entries (stage 1 or
/// combined stage 1+2) by ASID and VA; IPA entries (stage-2-only translations) by IPA. As on hardware, an IPA
/// invalidation does not remove combined VA→PA entries: software follows it with a VMID-wide invalidation
/// (SMMUv3 CMD_TLBI_S2_IPA then CMD_TLBI_S12_VMALL / Linux arm_smmu_tlb_inv_range_domain).
/// </summary>
public enum TlbInputKind : byte
{
    /// <summary>Input is a VA (stage-1 or nested entry), tagged by ASID.</summary>
    VirtualAddress,

    /// <summary>Input is an IPA (stage-2-only entry), not tagged by ASID.</summary>
    IntermediateAddress,
}
