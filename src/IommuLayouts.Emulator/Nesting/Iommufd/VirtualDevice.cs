namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>
/// A vDEVICE (IOMMU_VDEVICE_ALLOC): a physical device as one VM's vIOMMU names it. <see cref="VirtualId"/> is the
/// <c>virt_id</c>: the virtual StreamID an SMMUv3 guest writes into its commands and reads in its events, or the
/// virtual requester id (vRID) of a VT-d guest.
/// </summary>
public sealed class VirtualDevice
{
    internal VirtualDevice(Viommu viommu, uint physicalId, uint virtualId)
    {
        Viommu = viommu;
        PhysicalId = physicalId;
        VirtualId = virtualId;
    }

    /// <summary>The vIOMMU the device belongs to.</summary>
    public Viommu Viommu { get; }

    /// <summary>The physical StreamID (SMMUv3) or source id (VT-d) of the device.</summary>
    public uint PhysicalId { get; }

    /// <summary>The guest's id of the device (<c>virt_id</c>).</summary>
    public uint VirtualId { get; }

    /// <summary>The nested domain the device is attached to; null when detached or attached to the nesting parent.</summary>
    public NestedDomain? Domain { get; internal set; }

    /// <summary>True while the device is attached to the nesting parent itself (stage 2 only).</summary>
    public bool AttachedToParent { get; internal set; }

    /// <summary>The endpoint the nesting host binds: physical id, guest id, RID_PASID.</summary>
    public NestedEndpoint Endpoint => new(PhysicalId, VirtualId);

    /// <inheritdoc/>
    public override string ToString() => $"vDEVICE {VirtualId:x} -> device {PhysicalId:x}";
}
