using System.Collections.Generic;
using System.Globalization;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Scenarios;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;

using IommuLayouts.Emulator.Vtd;

namespace IommuLayouts.Scenarios.Vtd;

/// <summary>
/// Runs scenario files on an <see cref="VtdRemappingUnit"/>: MMIO by offset, requests with <c>"source"</c> and optional
/// <c>"pasid"</c>. A fault is its reason code in hex (<c>"0x59"</c>) with the FRCD record it wrote (null when FPD
/// or an overflow kept it out of the fault-recording registers); outcomes that record nothing are <c>BLOCKED</c>
/// (abort-DMA mode) and <c>INTERRUPT</c> (a DMA request without PASID to 0xFEEx_xxxx). Interrupt requests
/// (<c>"kind": "interrupt"</c>) are remapped in VtdScenarioDevice.Interrupts.cs.
/// </summary>
public sealed partial class VtdScenarioDevice : IScenarioDevice
{
    private readonly List<ScenarioRecord> _pending = [];

    /// <summary>Adapts <paramref name="device"/>.</summary>
    public VtdScenarioDevice(VtdRemappingUnit device)
    {
        System.ArgumentNullException.ThrowIfNull(device);
        Device = device;
    }

    /// <summary>The model.</summary>
    public VtdRemappingUnit Device { get; }

    /// <inheritdoc/>
    public string Kind => "vtd";

    /// <inheritdoc/>
    public IGuestMemory Memory => Device.Memory;

    /// <inheritdoc/>
    public bool WriteRegister(ulong offset, ulong value, int width) =>
        IsAccessible(offset, width) && Device.WriteRegister(offset, value, width);

    /// <inheritdoc/>
    public ulong ReadRegister(ulong offset, int width) => IsAccessible(offset, width) ? Device.ReadRegister(offset, width) : 0;

    /// <inheritdoc/>
    public ScenarioResult Translate(ScenarioRequest request, IWalkTraceSink? trace)
    {
        System.ArgumentNullException.ThrowIfNull(request);
        if (request.SourceId is not { } source)
        {
            throw new ScenarioException("$.requests", $"request '{request.Name}': a VT-d request needs \"source\" (\"bus:device.function\")");
        }

        if (request.Pasid is > 0xF_FFFF)
        {
            throw new ScenarioException("$.requests", $"request '{request.Name}': \"pasid\" is 20 bits wide (max 0xFFFFF)");
        }

        var t = Device.Translate(new VtdRequest(source, request.Address, request.Access, request.Pasid, request.Privileged, request.Execute), trace);
        switch (t.Outcome)
        {
            case VtdOutcome.Translated:
                return ScenarioResult.Translated(t.OutputAddress, t.PageSize, t.Permissions);
            case VtdOutcome.Faulted:
                return FaultResult(t.Reason, t.Record, t.Recorded);
            case VtdOutcome.Blocked:
                return ScenarioResult.Faulted("BLOCKED", null);
            default:
                return ScenarioResult.Faulted("INTERRUPT", null);
        }
    }

    /// <summary>A fault reason in hex, with the FRCD record when it reached a fault-recording register.</summary>
    private ScenarioResult FaultResult(FaultReason reason, in FaultRecord faultRecord, bool recorded)
    {
        ScenarioRecord? record = null;
        if (recorded)
        {
            record = new ScenarioRecord(FaultRecord.Layout, [faultRecord.GetWord(0), faultRecord.GetWord(1)]);
            _pending.Add(record);
        }

        return ScenarioResult.Faulted(string.Create(CultureInfo.InvariantCulture, $"0x{(byte)reason:x2}"), record);
    }

    /// <inheritdoc/>
    public IReadOnlyList<ScenarioRecord> DrainRecords()
    {
        var drained = _pending.ToArray();
        _pending.Clear();
        return drained;
    }

    private static bool IsAccessible(ulong offset, int width) => width is 32 or 64 && offset < 0x10000 && (offset & (ulong)((width / 8) - 1)) == 0;
}
