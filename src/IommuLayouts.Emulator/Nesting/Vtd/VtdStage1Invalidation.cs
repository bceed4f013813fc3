using System.Collections.Generic;

namespace IommuLayouts.Emulator.Nesting.Vtd;

/// <summary>
/// <c>IOMMU_HWPT_INVALIDATE_DATA_VTD_S1</c>: ranges of the stage-1 table bound to <paramref name="Endpoint"/>, each a
/// <c>struct iommu_hwpt_vtd_s1_invalidate</c>.
/// </summary>
public sealed record VtdStage1Invalidation(NestedEndpoint Endpoint, IReadOnlyList<VtdGuestInvalidation> Entries) : GuestInvalidation
{
    /// <inheritdoc/>
    public override GuestInvalidationDataType DataType => GuestInvalidationDataType.VtdStage1;

    /// <inheritdoc/>
    public override int EntryCount => Entries.Count;
}
