using System;

namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>
/// One entry read from a vEVENTQ: <c>struct iommufd_vevent_header { flags, sequence }</c> and, unless it is the
/// lost-events header, the event data (<see cref="VeventQueue.Type"/>'s record with the guest's ids in it).
/// </summary>
/// <param name="LostEvents">IOMMU_VEVENTQ_FLAG_LOST_EVENTS: events were lost after the previous entry; no data follows.</param>
/// <param name="Sequence">The sequence index, 0..INT_MAX, wrapping to 0 (on the lost-events header: the last lost event's).</param>
/// <param name="Data">The event record's words (empty for the lost-events header).</param>
/// <param name="VirtualId">The guest's id of the device the event is about (0 for the lost-events header).</param>
public sealed record Vevent(bool LostEvents, uint Sequence, ulong[] Data, uint VirtualId)
{
    /// <summary>The lost-events header with sequence <paramref name="sequence"/>.</summary>
    internal static Vevent Lost(uint sequence) => new(true, sequence, Array.Empty<ulong>(), 0);

    /// <inheritdoc/>
    public override string ToString() => LostEvents ? $"#{Sequence} LOST_EVENTS" : $"#{Sequence} vdev {VirtualId:x}";
}
