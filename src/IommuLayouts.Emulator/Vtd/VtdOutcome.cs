namespace IommuLayouts.Emulator.Vtd;

/// <summary>What became of a request.</summary>
public enum VtdOutcome : byte
{
    /// <summary>Translated (including pass-through and translation disabled): see the output address.</summary>
    Translated,

    /// <summary>A DMA-remapping fault: see the reason and the fault record.</summary>
    Faulted,

    /// <summary>Blocked without a fault record: abort-DMA mode (RTADDR.TTM = 3).</summary>
    Blocked,

    /// <summary>
    /// A write without PASID to 0xFEEx_xxxx: an interrupt message, not DMA (VT-d 3.14, QEMU vtd_iommu_translate
    /// leaves that range to its interrupt region). Reads without PASID there are handled the same way.
    /// </summary>
    InterruptRequest,
}
