namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// The outcome of a guest invalidation batch, as iommufd's IOMMU_HWPT_INVALIDATE reports it: how many entries were
/// handled (<c>entry_num</c> on return) and, when the batch stopped early, why.
/// </summary>
/// <param name="Done">Entries processed before the first bad one (all of them on success).</param>
/// <param name="Error">Null on success; else what was wrong with entry <paramref name="Done"/>.</param>
public sealed record InvalidationBatchResult(int Done, string? Error)
{
    /// <summary>True when every entry was processed.</summary>
    public bool Succeeded => Error is null;
}
