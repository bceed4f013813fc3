using System.Collections.Generic;
using System.Text.Json;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Scenarios;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Scenarios.Tests;

/// <summary>
/// A deliberately tiny device for testing the scenario framework alone: register 0x0 (32-bit) enables it, register 0x8
/// (64-bit) is an offset added to every address; writes above 0x1000_0000 fault with an smmuv3.event record; a device
/// step "poke" writes one word of memory.
/// </summary>
internal sealed class TestDevice : IScenarioDevice, IScenarioStepHandler
{
    private readonly List<ScenarioRecord> _pending = new();
    private uint _enable;
    private ulong _offset;

    public TestDevice(ulong pageSize) => PageSize = pageSize;

    public string Kind => "test";

    public ulong PageSize { get; }

    public IGuestMemory Memory { get; } = new SparseGuestMemory();

    public bool WriteRegister(ulong offset, ulong value, int width)
    {
        switch (offset, width)
        {
            case (0x0, 32):
                _enable = (uint)value;
                return true;
            case (0x8, 64):
                _offset = value;
                return true;
            default:
                return false;
        }
    }

    public ulong ReadRegister(ulong offset, int width) => offset == 0 ? _enable : _offset;

    public ScenarioResult Translate(ScenarioRequest request, IWalkTraceSink? trace)
    {
        if ((_enable & 1) == 0)
        {
            return ScenarioResult.Faulted("ABORT", null);
        }

        if (request.Access == AccessKind.Write && request.Address >= 0x1000_0000)
        {
            var evt = default(EventRecord);
            evt.EventID = EventType.F_PERMISSION;
            evt.StreamID = request.StreamId ?? 0;
            evt.InputAddr = request.Address;
            evt.RnW = false;
            var words = new ulong[EventRecord.WordCount];
            evt.CopyWordsTo(words);
            var record = new ScenarioRecord(EventRecord.Layout, words);
            _pending.Add(record);
            return ScenarioResult.Faulted("F_PERMISSION", record);
        }

        Memory.TryReadUInt64(request.Address & ~7UL, out _);
        return ScenarioResult.Translated(request.Address + _offset, PageSize, WalkPermissions.All);
    }

    public IReadOnlyList<ScenarioRecord> DrainRecords()
    {
        var drained = _pending.ToArray();
        _pending.Clear();
        return drained;
    }

    public bool TryRunStep(string kind, JsonElement body, string path, LayoutCatalog catalog)
    {
        if (kind != "poke")
        {
            return false;
        }

        ScenarioLoader.CheckKeys(body, path, "address", "value");
        Memory.TryWriteUInt64(
            ScenarioLoader.Number(body.GetProperty("address"), path + ".address"),
            ScenarioLoader.Number(body.GetProperty("value"), path + ".value"));
        return true;
    }
}

internal sealed class TestDeviceFactory : IScenarioDeviceFactory
{
    public string Kind => "test";

    public IScenarioDevice Create(JsonElement? capabilities)
    {
        ulong pageSize = 0x1000;
        if (capabilities is { } caps)
        {
            foreach (var property in caps.EnumerateObject())
            {
                if (property.Name != "pageSize")
                {
                    throw new ScenarioException($"$.capabilities.{property.Name}", "unknown capability (expected pageSize)");
                }

                pageSize = ScenarioLoader.Number(property.Value, "$.capabilities.pageSize");
            }
        }

        return new TestDevice(pageSize);
    }

    /// <summary>The library's device models plus this one.</summary>
    public static ScenarioDevices WithDefaults()
    {
        var devices = new ScenarioDevices();
        foreach (var kind in ScenarioDevices.Default.Kinds)
        {
            devices.Register(ScenarioDevices.Default.Find(kind)!);
        }

        return devices.Register(new TestDeviceFactory());
    }
}
