namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// The type of an invalidation-queue descriptor: bits 0..3 (low) and 9..11 (high) of its first word, combined as
/// <c>high &lt;&lt; 4 | low</c> (QEMU <c>VTD_INV_DESC_TYPE</c>; VirtualBox <c>VTD_GENERIC_INV_DSC_GET_TYPE</c>).
/// Values from Linux <c>QI_*_TYPE</c> and QEMU <c>VTD_INV_DESC_*</c>. Type 0 and values above 0xA are invalid.
/// </summary>
public enum InvalidationDescriptorType : byte
{
    /// <summary>Context-cache invalidation (<see cref="ContextCacheInvalidateDescriptor"/>).</summary>
    ContextCache = 1,

    /// <summary>IOTLB invalidation (<see cref="IotlbInvalidateDescriptor"/>).</summary>
    Iotlb = 2,

    /// <summary>Device-TLB invalidation (<see cref="DeviceTlbInvalidateDescriptor"/>).</summary>
    DeviceTlb = 3,

    /// <summary>Interrupt-entry-cache invalidation (<see cref="InterruptEntryCacheInvalidateDescriptor"/>).</summary>
    InterruptEntryCache = 4,

    /// <summary>Invalidation wait (<see cref="InvalidationWaitDescriptor"/>).</summary>
    InvalidationWait = 5,

    /// <summary>PASID-based IOTLB invalidation (<see cref="PasidIotlbInvalidateDescriptor"/>); 256-bit descriptors only.</summary>
    PasidIotlb = 6,

    /// <summary>PASID-cache invalidation (<see cref="PasidCacheInvalidateDescriptor"/>); 256-bit descriptors only.</summary>
    PasidCache = 7,

    /// <summary>PASID-based device-TLB invalidation (<see cref="PasidDeviceTlbInvalidateDescriptor"/>); 256-bit descriptors only.</summary>
    PasidDeviceTlb = 8,

    /// <summary>Page-group response (<see cref="PageGroupResponseDescriptor"/>).</summary>
    PageGroupResponse = 9,

    /// <summary>Page-stream response (Linux <c>QI_PSTRM_RESP_TYPE</c> only; QEMU and VirtualBox do not define it, nor its fields).</summary>
    PageStreamResponse = 0xA,
}
