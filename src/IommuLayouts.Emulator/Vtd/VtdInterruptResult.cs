using System.Globalization;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// The result of an interrupt request, a value: the message delivered (not remapped, compatibility format, or
/// remapped from an IRTE), a posting to a posted-interrupt descriptor, or an interrupt-remapping fault with the
/// record it produced.
/// </summary>
public readonly struct VtdInterruptResult
{
    /// <summary>What became of the request.</summary>
    public VtdInterruptOutcome Outcome { get; init; }

    /// <summary>The interrupt index (handle + subhandle) of a remappable request; 0 otherwise.</summary>
    public ushort Index { get; init; }

    /// <summary>The address of the message delivered to the processors (not remapped, compatibility or remapped).</summary>
    public ulong MessageAddress { get; init; }

    /// <summary>The data of the message delivered.</summary>
    public uint MessageData { get; init; }

    /// <summary>The vector delivered (remapped) or posted (posted: the IRTE's VV).</summary>
    public byte Vector { get; init; }

    /// <summary>The destination APIC id (remapped: the IRTE's DST as the unit's x2APIC or xAPIC mode reads it).</summary>
    public uint Destination { get; init; }

    /// <summary>Remapped: DM, logical destination mode.</summary>
    public bool LogicalDestination { get; init; }

    /// <summary>Remapped: TM, level triggered.</summary>
    public bool LevelTriggered { get; init; }

    /// <summary>Remapped: DLM, the delivery mode.</summary>
    public byte DeliveryMode { get; init; }

    /// <summary>Posted: the posted-interrupt descriptor's address.</summary>
    public ulong DescriptorAddress { get; init; }

    /// <summary>Posted: the IRTE's URG.</summary>
    public bool Urgent { get; init; }

    /// <summary>Posted: a notification event was sent (ON was clear, and URG set or SN clear).</summary>
    public bool NotificationSent { get; init; }

    /// <summary>Posted: the descriptor's NV.</summary>
    public byte NotificationVector { get; init; }

    /// <summary>Posted: the descriptor's NDST as the unit's mode reads it.</summary>
    public uint NotificationDestination { get; init; }

    /// <summary>The fault reason (when faulted).</summary>
    public FaultReason Reason { get; init; }

    /// <summary>The fault record the request produced (F set), whether or not it was recorded.</summary>
    public FaultRecord Record { get; init; }

    /// <summary>The record was written to a fault-recording register (not suppressed by the IRTE's FPD, no overflow).</summary>
    public bool Recorded { get; init; }

    /// <summary>True when the interrupt reaches the processors or a descriptor (not faulted).</summary>
    public bool IsDelivered => Outcome != VtdInterruptOutcome.Faulted;

    /// <inheritdoc/>
    public override string ToString() => Outcome switch
    {
        VtdInterruptOutcome.Remapped => string.Create(CultureInfo.InvariantCulture,
            $"remapped (IRTE {Index}): vector 0x{Vector:x2} to {(LogicalDestination ? "logical" : "physical")} 0x{Destination:x}, {(LevelTriggered ? "level" : "edge")}, delivery mode {DeliveryMode}; message 0x{MessageAddress:x}/0x{MessageData:x}"),
        VtdInterruptOutcome.Posted => string.Create(CultureInfo.InvariantCulture,
            $"posted (IRTE {Index}): vector 0x{Vector:x2} in PID 0x{DescriptorAddress:x}{(Urgent ? ", urgent" : string.Empty)}, {(NotificationSent ? $"notification vector 0x{NotificationVector:x2} to 0x{NotificationDestination:x}" : "no notification")}"),
        VtdInterruptOutcome.Faulted => string.Create(CultureInfo.InvariantCulture,
            $"fault 0x{(byte)Reason:x2} {Reason} (index {Index}){(Recorded ? string.Empty : " (not recorded)")}"),
        VtdInterruptOutcome.Compatibility => string.Create(CultureInfo.InvariantCulture, $"compatibility format, not remapped: message 0x{MessageAddress:x}/0x{MessageData:x}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"interrupt remapping off: message 0x{MessageAddress:x}/0x{MessageData:x}"),
    };
}
