using System;
using System.Collections.Generic;

using IommuLayouts.Emulator.Nesting;

namespace IommuLayouts.Scenarios;

/// <summary>The device models scenario files can name, by their <c>"iommu"</c> value.</summary>
public sealed class ScenarioDevices
{
    private readonly Dictionary<string, IScenarioDeviceFactory> _factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every device model of this assembly.</summary>
    public static ScenarioDevices Default { get; } = CreateDefault();

    /// <summary>The registered kinds, sorted.</summary>
    public IReadOnlyList<string> Kinds
    {
        get
        {
            var kinds = new List<string>(_factories.Keys);
            kinds.Sort(StringComparer.Ordinal);
            return kinds;
        }
    }

    /// <summary>Adds a device model; a kind can be registered once.</summary>
    public ScenarioDevices Register(IScenarioDeviceFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!_factories.TryAdd(factory.Kind, factory))
        {
            throw new ArgumentException($"a device model for '{factory.Kind}' is already registered", nameof(factory));
        }

        return this;
    }

    /// <summary>The factory of a kind, or null.</summary>
    public IScenarioDeviceFactory? Find(string kind) => _factories.GetValueOrDefault(kind);

    private static ScenarioDevices CreateDefault()
    {
        var devices = new ScenarioDevices();
        // One line per device model.
        devices.Register(new Smmuv3.Smmuv3ScenarioDeviceFactory());
        devices.Register(new Vtd.VtdScenarioDeviceFactory());
        devices.Register(new Nesting.NestedScenarioDeviceFactory(NestingVendor.Smmuv3));
        devices.Register(new Nesting.NestedScenarioDeviceFactory(NestingVendor.IntelVtd));
        return devices;
    }
}
