using System.Text.Json;

namespace IommuLayouts.Scenarios;

/// <summary>Implemented by a device (or its scenario adapter) that understands steps beyond memory, registers and requests.</summary>
public interface IScenarioStepHandler
{
    /// <summary>
    /// Runs a step whose key is <paramref name="kind"/>; returns false if the kind is unknown to the device. Bad values
    /// throw <see cref="ScenarioException"/> with a path under <paramref name="path"/>.
    /// </summary>
    bool TryRunStep(string kind, JsonElement body, string path, LayoutCatalog catalog);
}
