namespace IommuLayouts.Specs.Smmuv3;

/// <summary>STE.STRW (bits 95:94), StreamWorld: the translation regime whose TLB tags (ASID/VMID scope) the stream's stage-1 entries use.</summary>
/// <remarks>
/// Linux arm-smmu-v3.h STRTAB_STE_1_STRW_NSEL1 (0) and STRTAB_STE_1_STRW_EL2 (2); with SMMU_CR2.E2H set, EL2
/// means EL2-E2H. EL3 (1) is for Secure STEs only; whether 0b11 makes an STE ILLEGAL is not stated by either
/// source, so it is a member and is not reported (see specs/NOTES.md).
/// </remarks>
public enum SteStreamWorld : byte
{
    /// <summary>EL1 (NS-EL1 for a Non-secure STE).</summary>
    El1 = 0,

    /// <summary>EL3 (Secure STEs only).</summary>
    El3 = 1,

    /// <summary>EL2, or EL2-E2H when SMMU_CR2.E2H is set.</summary>
    El2 = 2,

    /// <summary>Reserved.</summary>
    Reserved3 = 3,
}
