using System;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// What a VT-d first-stage walk needs from a PASID entry: FSPTPTR, the paging mode (FSPM: 4 or 5 levels, 48- or
/// 57-bit canonical inputs), the host address width and the controls WPE, SMEP and EAFE.
/// </summary>
public readonly struct VtdFirstStageConfig
{
    /// <summary>A configuration; <paramref name="levels"/> 4 or 5.</summary>
    public VtdFirstStageConfig(ulong tableBase, int levels, int hostAddressWidth)
    {
        if (levels is not (4 or 5))
        {
            throw new ArgumentOutOfRangeException(nameof(levels), levels, "First-stage paging has 4 or 5 levels.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(hostAddressWidth, 32);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hostAddressWidth, 52);
        TableBase = tableBase & ~((1UL << (int)TranslationGranule.Size4K) - 1); // VT-d tables are 4 KiB pages
        Levels = levels;
        HostAddressWidth = hostAddressWidth;
    }

    /// <summary>4 KiB-aligned root table (PML4 or PML5) address; guest-physical in a nested walk.</summary>
    public ulong TableBase { get; }

    /// <summary>4 (FSPM = 0) or 5 (FSPM = 1).</summary>
    public int Levels { get; }

    /// <summary>Canonical input width: 48 or 57 (Linux ADDR_WIDTH_4LEVEL/5LEVEL; QEMU vtd_pe_get_fs_aw).</summary>
    public int InputWidth => 12 + (9 * Levels);

    /// <summary>Address bits from here to 51 are reserved in every entry (QEMU vtd_fpte_rsvd).</summary>
    public int HostAddressWidth { get; }

    /// <summary>CAP.FS1GP: PS = 1 in a level-3 entry maps 1 GiB; otherwise PS is reserved there.</summary>
    public bool LargePages1G { get; init; } = true;

    /// <summary>WPE: supervisor writes honour R/W = 0 (without it supervisor writes ignore R/W, as CR0.WP = 0).</summary>
    public bool WriteProtectEnabled { get; init; }

    /// <summary>SMEP: supervisor execute requests may not use user (U/S = 1) pages.</summary>
    public bool SupervisorExecutePrevention { get; init; }

    /// <summary>EAFE: EA (bit 10) is set together with A.</summary>
    public bool ExtendedAccessedEnabled { get; init; }
}
