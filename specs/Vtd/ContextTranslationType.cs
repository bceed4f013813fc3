namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// TT, the translation type of a legacy-mode context entry (bits 2..3). Encoding 3 is reserved; an entry that
/// uses it is an invalid context entry (fault 0x03 in QEMU's <c>vtd_ce_type_check</c>).
/// </summary>
/// <remarks>
/// Values from Linux <c>CONTEXT_TT_MULTI_LEVEL/DEV_IOTLB/PASS_THROUGH</c> (drivers/iommu/intel/iommu.h) and QEMU
/// <c>VTD_CONTEXT_TT_*</c> (hw/i386/intel_iommu_internal.h, which stores them pre-shifted by 2).
/// Whether DeviceTlb and PassThrough are allowed depends on ECAP.DT and ECAP.PT: the emulator checks that.
/// </remarks>
public enum ContextTranslationType : byte
{
    /// <summary>Untranslated requests are translated through the second-stage table at SLPTPTR; translation requests are blocked.</summary>
    MultiLevel = 0,

    /// <summary>As <see cref="MultiLevel"/>, and translation requests (ATS) are served too: the device may keep a device-TLB.</summary>
    DeviceTlb = 1,

    /// <summary>Untranslated requests pass through untranslated (output address = input address); SLPTPTR is ignored.</summary>
    PassThrough = 2,
}
