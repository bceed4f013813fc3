using System;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// What a VT-d second-stage walk needs: the table root (context SLPTPTR or PASID-entry SSPTPTR), the level count
/// from AW (levels = AW + 2, already checked against CAP.SAGAW by the device), the input width, the host address
/// width that bounds table and page addresses, and the unit's optional features.
/// </summary>
public readonly struct VtdSecondStageConfig
{
    /// <summary>A configuration; <paramref name="levels"/> 3, 4 or 5; <paramref name="hostAddressWidth"/> 32..52.</summary>
    public VtdSecondStageConfig(ulong tableBase, int levels, int hostAddressWidth, int? inputWidth = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(levels, 5);
        ArgumentOutOfRangeException.ThrowIfLessThan(hostAddressWidth, 32);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hostAddressWidth, 52);
        var width = 12 + (9 * levels);
        if (inputWidth is { } w)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(w, 12);
            width = Math.Min(width, w);
        }

        TableBase = tableBase & ~((1UL << (int)TranslationGranule.Size4K) - 1); // VT-d tables are 4 KiB pages
        Levels = levels;
        HostAddressWidth = hostAddressWidth;
        InputWidth = width;
    }

    /// <summary>4 KiB-aligned root table address.</summary>
    public ulong TableBase { get; }

    /// <summary>Number of levels (AW + 2).</summary>
    public int Levels { get; }

    /// <summary>Host address width: address bits from here to 51 are reserved in every entry (QEMU vtd_spte_rsvd).</summary>
    public int HostAddressWidth { get; }

    /// <summary>Inputs at or above 2^InputWidth fault: min(AGAW, MGAW + 1) (QEMU vtd_iova_sl_range_check).</summary>
    public int InputWidth { get; }

    /// <summary>CAP.SLLPS bit 0: PS = 1 in a level-2 entry maps 2 MiB; otherwise PS is reserved there.</summary>
    public bool LargePages2M { get; init; } = true;

    /// <summary>CAP.SLLPS bit 1: PS = 1 in a level-3 entry maps 1 GiB; otherwise PS is reserved there.</summary>
    public bool LargePages1G { get; init; } = true;

    /// <summary>SNP (bit 11) is allowed in leaves (scalable mode or ECAP.SC; QEMU vtd_init removes it from the leaf masks).</summary>
    public bool SnoopAllowed { get; init; } = true;

    /// <summary>TM (bit 62) is allowed in leaves (ECAP.DT; QEMU keeps it reserved otherwise).</summary>
    public bool TransientMappingAllowed { get; init; } = true;

    /// <summary>PASID-entry SSEE: execute requests need X (bit 2) in every entry; otherwise execute is checked as a read.</summary>
    public bool ExecuteEnabled { get; init; }

    /// <summary>PASID-entry SSADE: A (bit 8) is set in every entry walked and D (bit 9) in a written leaf.</summary>
    public bool AccessedDirtyEnabled { get; init; }
}
