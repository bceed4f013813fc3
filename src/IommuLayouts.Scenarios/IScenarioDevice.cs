using System.Collections.Generic;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Scenarios;

/// <summary>A device model driven by scenario files: memory to fill, registers to write, requests to translate.</summary>
public interface IScenarioDevice
{
    /// <summary>The scenario's <c>"iommu"</c> value, e.g. <c>smmuv3</c> or <c>vtd</c>.</summary>
    string Kind { get; }

    /// <summary>The guest memory the scenario's <c>memory</c> and <c>descriptors</c> are written to.</summary>
    IGuestMemory Memory { get; }

    /// <summary>An MMIO write of 32 or 64 bits; false when no register lives at that offset.</summary>
    bool WriteRegister(ulong offset, ulong value, int width);

    /// <summary>An MMIO read of 32 or 64 bits.</summary>
    ulong ReadRegister(ulong offset, int width);

    /// <summary>Translates one request; <paramref name="trace"/> is null unless the user asked for a trace.</summary>
    ScenarioResult Translate(ScenarioRequest request, IWalkTraceSink? trace);

    /// <summary>Records the device made visible since the last call, oldest first (SMMUv3 event records, VT-d fault records).</summary>
    IReadOnlyList<ScenarioRecord> DrainRecords();
}
