using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Scenarios.Vtd;

/// <summary>
/// Interrupt requests of VT-d scenarios: <c>"kind": "interrupt"</c> with <c>"source"</c>, <c>"address"</c> (the
/// message address) and <c>"data"</c>. Delivered (not remapped, compatibility format, remapped): the output and data
/// are the message; posted: the output is the posted-interrupt descriptor's address and the data the vector; a
/// blocked interrupt is its fault reason code with its FRCD record.
/// </summary>
public sealed partial class VtdScenarioDevice : IScenarioInterruptDevice
{
    /// <inheritdoc/>
    public ScenarioResult Interrupt(ScenarioRequest request)
    {
        System.ArgumentNullException.ThrowIfNull(request);
        if (request.SourceId is not { } source)
        {
            throw new ScenarioException("$.requests", $"request '{request.Name}': a VT-d interrupt request needs \"source\" (\"bus:device.function\")");
        }

        var r = Device.RemapInterrupt(new VtdInterruptRequest(source, request.Address, request.Data));
        return r.Outcome switch
        {
            VtdInterruptOutcome.Faulted => FaultResult(r.Reason, r.Record, r.Recorded),
            VtdInterruptOutcome.Posted => Delivered(r.DescriptorAddress, r.Vector, r),
            _ => Delivered(r.MessageAddress, r.MessageData, r),
        };
    }

    private static ScenarioResult Delivered(ulong output, uint data, in VtdInterruptResult r) =>
        ScenarioResult.Translated(output, 0, WalkPermissions.None) with { Data = data, Detail = r.ToString() };
}
