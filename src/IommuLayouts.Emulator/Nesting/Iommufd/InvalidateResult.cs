namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>
/// The outcome of IOMMU_HWPT_INVALIDATE: <c>entry_num</c> as the kernel writes it back (how many entries were handled)
/// and, when the array stopped early, the errno of entry <see cref="EntryNum"/> (the first bad one).
/// </summary>
/// <param name="EntryNum">Entries handled; on an error also the index of the entry that stopped the array.</param>
/// <param name="Error">Null when every entry was handled.</param>
public sealed record InvalidateResult(int EntryNum, IommufdError? Error)
{
    /// <summary>True when every entry was handled.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The index of the entry that stopped the array, or null.</summary>
    public int? FailedIndex => Error is null ? null : EntryNum;
}
