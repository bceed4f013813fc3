namespace IommuLayouts.Scenarios;

/// <summary>What a scenario request is: a DMA access to translate, or an interrupt message to remap.</summary>
public enum ScenarioRequestKind
{
    /// <summary>A DMA read, write or fetch (the default).</summary>
    Dma,

    /// <summary>An interrupt request: a 32-bit write of <see cref="ScenarioRequest.Data"/> to the address (VT-d interrupt remapping).</summary>
    Interrupt,
}
