using System.Collections.Generic;

namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>
/// A vEVENTQ (IOMMU_VEVENTQ_ALLOC): the guest-visible events of one vIOMMU, at most <see cref="Depth"/> of them
/// waiting. Every reported event takes the next sequence number, delivered or not; when the queue is full the event
/// is lost and the one lost-events header (IOMMU_VEVENTQ_FLAG_LOST_EVENTS) is put at the tail with the lost event's
/// number. The header only ever sits last: the next event that fits takes its place, and then the gap in the
/// sequence numbers is what tells the guest how many were lost.
/// </summary>
/// <remarks>
/// Linux drivers/iommu/iommufd/driver.c iommufd_viommu_report_event (full: report the lost-events header instead),
/// iommufd_private.h iommufd_vevent_handler (the header leaves the tail when anything is added; sequence =
/// (sequence + 1) &amp; INT_MAX), eventq.c iommufd_veventq_fops_read (reading a real event frees a slot, reading the
/// header does not); the meaning of the numbers: include/uapi/linux/iommufd.h struct iommufd_vevent_header.
/// </remarks>
public sealed class VeventQueue
{
    private readonly LinkedList<Vevent> _deliver = new();
    private LinkedListNode<Vevent>? _lostHeader;
    private uint _sequence;

    internal VeventQueue(Viommu viommu, VeventType type, int depth)
    {
        Viommu = viommu;
        Type = type;
        Depth = depth;
    }

    /// <summary>The vIOMMU the queue belongs to.</summary>
    public Viommu Viommu { get; }

    /// <summary>The queue type.</summary>
    public VeventType Type { get; }

    /// <summary>The most events that wait (<c>veventq_depth</c>).</summary>
    public int Depth { get; }

    /// <summary>Events waiting (the lost-events header not counted).</summary>
    public int Count { get; private set; }

    /// <summary>Events reported so far, delivered or lost.</summary>
    public long Reported { get; private set; }

    /// <summary>
    /// Reports one event (the driver's iommufd_viommu_report_event): queued with the next sequence number, or, when
    /// <see cref="Depth"/> events wait, lost and marked by the lost-events header. Returns false when it was lost.
    /// </summary>
    public bool Report(ulong[] data, uint virtualId)
    {
        Reported++;
        var full = Count == Depth;
        if (!full)
        {
            Count++;
        }

        // The header leaves the tail whenever something is added, itself included (which renumbers it).
        if (_lostHeader is not null)
        {
            _deliver.Remove(_lostHeader);
            _lostHeader = null;
        }

        var sequence = _sequence;
        _sequence = (_sequence + 1) & int.MaxValue;
        if (full)
        {
            _lostHeader = _deliver.AddLast(Vevent.Lost(sequence));
            return false;
        }

        _deliver.AddLast(new Vevent(false, sequence, data, virtualId));
        return true;
    }

    /// <summary>
    /// Reads up to <paramref name="max"/> entries (the guest's read() on the queue's fd), oldest first; the
    /// lost-events header is one entry. Each real event read frees a slot.
    /// </summary>
    public IReadOnlyList<Vevent> Read(int max = int.MaxValue)
    {
        var list = new List<Vevent>();
        while (list.Count < max && _deliver.First is { } first)
        {
            _deliver.RemoveFirst();
            if (first == _lostHeader)
            {
                _lostHeader = null;
            }
            else
            {
                Count--;
            }

            list.Add(first.Value);
        }

        return list;
    }
}
