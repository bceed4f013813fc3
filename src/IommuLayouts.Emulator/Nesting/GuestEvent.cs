namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// An event or fault reported to the guest: the record in the architecture's format with the guest's IDs in it
/// (SMMUv3: the event with StreamID = virtual StreamID, as Linux arm_vmaster_report_event; VT-d: the fault record with
/// the guest's source id).
/// </summary>
/// <param name="Layout">The record format (<c>smmuv3.event</c> or <c>vtd.frcd</c>).</param>
/// <param name="Words">The record as the guest receives it.</param>
/// <param name="GuestId">The guest's id of the device.</param>
/// <param name="Class">The fault's class.</param>
/// <param name="HostId">The host's id of the device (physical StreamID / source id), for routing to the right vIOMMU.</param>
public sealed record GuestEvent(LayoutInfo Layout, ulong[] Words, uint GuestId, NestedFaultClass Class, uint? HostId = null)
{
    /// <summary>The record decoded.</summary>
    public override string ToString() => Layout.Ops.Format(Words);
}
