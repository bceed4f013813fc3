namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// PGTT, the PASID-granular translation type of a scalable-mode PASID table entry (bits 6..8).
/// Encodings 0 and 5..7 are reserved: a present entry that uses one is invalid (fault 0x5B).
/// </summary>
/// <remarks>
/// Values from Linux <c>PASID_ENTRY_PGTT_FL_ONLY/SL_ONLY/NESTED/PT</c> (drivers/iommu/intel/pasid.h) and QEMU
/// <c>VTD_SM_PASID_ENTRY_FST/SST/NESTED/PT</c>. Older sources say "first-level"/"second-level" for what the
/// current specification calls first-stage/second-stage. Whether an encoding is supported depends on
/// ECAP.FSTS (FLTS), ECAP.SSTS (SLTS), ECAP.NEST and ECAP.PT: the emulator checks that.
/// </remarks>
public enum PasidGranularTranslationType : byte
{
    /// <summary>First-stage only (first-level only, <c>PGTT_FL_ONLY</c>): the IA-32e-style table at FSPTPTR translates.</summary>
    FirstStage = 1,

    /// <summary>Second-stage only (second-level only, <c>PGTT_SL_ONLY</c>): the table at SSPTPTR translates.</summary>
    SecondStage = 2,

    /// <summary>Nested: first stage (guest, at the guest-physical FSPTPTR) over second stage (host, at SSPTPTR).</summary>
    Nested = 3,

    /// <summary>Pass-through: the output address is the input address.</summary>
    PassThrough = 4,
}
