namespace IommuLayouts.Scenarios;

/// <summary>Implemented by a device (or its scenario adapter) that remaps interrupt requests (<c>"kind": "interrupt"</c>).</summary>
public interface IScenarioInterruptDevice
{
    /// <summary>
    /// Remaps one interrupt request. A delivered interrupt is an <see cref="ScenarioResult.Ok"/> result whose output and
    /// <see cref="ScenarioResult.Data"/> are the message (or, posted, the descriptor address and the vector), with a
    /// one-line <see cref="ScenarioResult.Detail"/>; a blocked one is a fault with its record.
    /// </summary>
    ScenarioResult Interrupt(ScenarioRequest request);
}
