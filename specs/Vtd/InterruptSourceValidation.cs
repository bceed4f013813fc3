namespace IommuLayouts.Specs.Vtd;

/// <summary>SVT, the source validation type of an IRTE (Linux <c>SVT_*</c>, QEMU <c>VTD_SVT_*</c>, VirtualBox <c>VTD_IRTE_SVT_*</c>).</summary>
public enum InterruptSourceValidation : byte
{
    /// <summary>No requester check.</summary>
    None = 0,

    /// <summary>The requester id must equal SID, ignoring the function bits SQ names (Linux SVT_VERIFY_SID_SQ).</summary>
    RequesterId = 1,

    /// <summary>The requester's bus must lie in SID[15:8] (start) .. SID[7:0] (end) (Linux SVT_VERIFY_BUS, set_irte_verify_bus).</summary>
    BusRange = 2,

    /// <summary>Reserved.</summary>
    Reserved = 3,
}
