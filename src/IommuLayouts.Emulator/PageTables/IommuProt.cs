using System;

namespace IommuLayouts.Emulator.PageTables;

/// <summary>
/// Mapping permissions and attributes in the vocabulary of Linux's IOMMU API (include/linux/iommu.h IOMMU_READ,
/// IOMMU_WRITE, IOMMU_CACHE, IOMMU_NOEXEC, IOMMU_MMIO, IOMMU_PRIV), turned into descriptor bits as
/// io-pgtable-arm.c arm_lpae_prot_to_pte does.
/// </summary>
[Flags]
public enum IommuProt
{
    /// <summary>No access (Linux maps nothing for it).</summary>
    None = 0,

    /// <summary>Readable.</summary>
    Read = 1,

    /// <summary>Writable.</summary>
    Write = 2,

    /// <summary>Cacheable, inner shareable.</summary>
    Cache = 4,

    /// <summary>Execute-never.</summary>
    NoExec = 8,

    /// <summary>Device memory.</summary>
    Mmio = 16,

    /// <summary>Privileged only (no unprivileged access at stage 1).</summary>
    Priv = 32,
}
