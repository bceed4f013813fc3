using System.Runtime.CompilerServices;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// Level arithmetic of VT-d paging structures, first and second stage alike: 4 KiB tables of 512 entries, level 1 maps
/// 4 KiB pages, level 2 2 MiB and level 3 1 GiB large pages (PS = 1); levels 4 and 5 only point to tables (VT-d spec
/// "Paging structures"; Linux drivers/iommu/intel/iommu.h LEVEL_STRIDE 9, VTD_PAGE_SHIFT 12).
/// </summary>
public static class VtdPagingGeometry
{
    /// <summary>log2 of a 4 KiB page, the size a level-1 entry maps.</summary>
    public const int PageShift = 12;

    /// <summary>Index bits per level (512 entries).</summary>
    public const int Stride = 9;

    /// <summary>log2 of the size an entry at <paramref name="level"/> maps (12, 21, 30, ...).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LevelShift(int level) => PageShift + (Stride * (level - 1));

    /// <summary>The index of <paramref name="input"/>'s entry in a table at <paramref name="level"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Index(ulong input, int level) => (input >> LevelShift(level)) & ((1UL << Stride) - 1);

    /// <summary>True for an entry that maps a page: every level-1 entry, and a level-2 or level-3 entry with PS = 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLeaf(int level, bool pageSize) => level == 1 || (level <= 3 && pageSize);
}
