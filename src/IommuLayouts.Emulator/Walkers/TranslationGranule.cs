namespace IommuLayouts.Emulator.Walkers;

/// <summary>A VMSAv8-64 translation granule; the value is log2 of its size in bytes.</summary>
public enum TranslationGranule : byte
{
    /// <summary>4 KiB pages, 512 entries per table (9 index bits per level).</summary>
    Size4K = 12,

    /// <summary>16 KiB pages, 2048 entries per table (11 index bits per level).</summary>
    Size16K = 14,

    /// <summary>64 KiB pages, 8192 entries per table (13 index bits per level).</summary>
    Size64K = 16,
}
