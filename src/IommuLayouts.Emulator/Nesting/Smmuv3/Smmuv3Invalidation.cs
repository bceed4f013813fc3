using System.Collections.Generic;

namespace IommuLayouts.Emulator.Nesting.Smmuv3;

/// <summary>
/// <c>IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3</c>: guest commands for the vIOMMU of <paramref name="VIommu"/> (the VM's
/// stage-2 domain), each a <c>struct iommu_viommu_arm_smmuv3_invalidate</c> (two command words).
/// </summary>
public sealed record Smmuv3Invalidation(HostStage2Domain VIommu, IReadOnlyList<Smmuv3GuestCommand> Entries) : GuestInvalidation
{
    /// <inheritdoc/>
    public override GuestInvalidationDataType DataType => GuestInvalidationDataType.ArmSmmuv3;

    /// <inheritdoc/>
    public override int EntryCount => Entries.Count;
}
