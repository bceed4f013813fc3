using System.Text.Json;

namespace IommuLayouts.Scenarios;

/// <summary>Creates the device a scenario names in <c>"iommu"</c>.</summary>
public interface IScenarioDeviceFactory
{
    /// <summary>The <c>"iommu"</c> value this factory serves.</summary>
    string Kind { get; }

    /// <summary>
    /// A device with its capabilities overridden by the scenario's <c>"capabilities"</c> object (null when absent).
    /// Unknown keys and bad values throw <see cref="ScenarioException"/> naming the JSON path.
    /// </summary>
    IScenarioDevice Create(JsonElement? capabilities);
}
