namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// A device as the host and the guest name it: the physical StreamID (SMMUv3) or source id (VT-d), the guest's
/// virtual one (iommufd vDEVICE id), and for VT-d an optional PASID (none: RID_PASID, IOMMU_NO_PASID).
/// </summary>
public readonly record struct NestedEndpoint(uint HostId, uint GuestId, uint? Pasid = null);
