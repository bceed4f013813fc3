using System.Globalization;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// A request's outcome on a nesting host, the same shape for both IOMMUs: output, page size and permissions, or the
/// fault's class, its architected name (SMMUv3 event name; VT-d reason code) and the record the device made.
/// </summary>
public sealed record NestedTranslation(
    bool Ok,
    ulong Output,
    ulong PageSize,
    WalkPermissions Permissions,
    NestedFaultClass FaultClass,
    string? FaultName,
    LayoutInfo? RecordLayout,
    ulong[]? RecordWords)
{
    /// <summary>The record decoded, or null.</summary>
    public string? DecodedRecord => RecordLayout is null || RecordWords is null ? null : RecordLayout.Ops.Format(RecordWords);

    /// <inheritdoc/>
    public override string ToString() => Ok
        ? string.Create(CultureInfo.InvariantCulture, $"-> 0x{Output:x} ({PageSize / 1024} KiB page, {Permissions})")
        : $"fault {FaultName} ({FaultClass})";
}
