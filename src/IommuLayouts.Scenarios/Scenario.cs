using System.Collections.Generic;
using System.Text.Json;

namespace IommuLayouts.Scenarios;

/// <summary>
/// A loaded scenario: which IOMMU, its capability overrides, and the actions to run in order — the file's
/// <c>memory</c>, <c>descriptors</c> and <c>registers</c> sections, then its <c>steps</c>, then its <c>requests</c> —
/// with the expectation of each named request. See docs/scenario-format.md.
/// </summary>
public sealed class Scenario
{
    public Scenario(
        string iommu,
        string? description,
        JsonElement? capabilities,
        IReadOnlyList<ScenarioAction> actions,
        IReadOnlyDictionary<string, ScenarioExpectation> expectations)
    {
        Iommu = iommu;
        Description = description;
        Capabilities = capabilities;
        Actions = actions;
        Expectations = expectations;
    }

    public string Iommu { get; }

    public string? Description { get; }

    /// <summary>The <c>"capabilities"</c> object, passed to the device factory (a clone, independent of the parsed document).</summary>
    public JsonElement? Capabilities { get; }

    /// <summary>Every action in the order it runs.</summary>
    public IReadOnlyList<ScenarioAction> Actions { get; }

    /// <summary>Expectations by request name.</summary>
    public IReadOnlyDictionary<string, ScenarioExpectation> Expectations { get; }

    /// <summary>
    /// The file's <c>"drainEvents"</c> (default true): the runner reads the device's event records after every action. When
    /// false it never does, so the file consumes the queue with its own register writes (EVENTQ_CONS) and can show a full
    /// queue, lost records and the overflow flag with <see cref="RegisterCheckAction"/> / <see cref="MemoryCheckAction"/>.
    /// </summary>
    public bool DrainEvents { get; init; } = true;
}

/// <summary>One thing a scenario does; <see cref="Path"/> is where the file says it, for error messages.</summary>
public abstract record ScenarioAction(string Path);

/// <summary>Raw 64-bit little-endian words written in order from <see cref="Address"/>.</summary>
public sealed record MemoryWriteAction(string Path, ulong Address, ulong[] Words) : ScenarioAction(Path);

/// <summary>An entry encoded from field values through the layout catalog, written at <see cref="Address"/>.</summary>
public sealed record DescriptorWriteAction(string Path, ulong Address, LayoutInfo Layout, ulong[] Words) : ScenarioAction(Path);

/// <summary>An MMIO write of <see cref="Width"/> (32 or 64) bits.</summary>
public sealed record RegisterWriteAction(string Path, ulong Offset, ulong Value, int Width) : ScenarioAction(Path);

/// <summary>A register read of <see cref="Width"/> bits that must give <see cref="Value"/> (step <c>expect-register</c>).</summary>
public sealed record RegisterCheckAction(string Path, ulong Offset, ulong Value, int Width) : ScenarioAction(Path);

/// <summary>A 64-bit word of guest memory that must hold <see cref="Value"/> (step <c>expect-memory</c>).</summary>
public sealed record MemoryCheckAction(string Path, ulong Address, ulong Value) : ScenarioAction(Path);

/// <summary>A DMA request to translate.</summary>
public sealed record RequestAction(string Path, ScenarioRequest Request) : ScenarioAction(Path);

/// <summary>
/// A step only some devices understand (e.g. nesting's bind, map and invalidate): its key and its JSON body, run by a
/// device that implements <see cref="IScenarioStepHandler"/>.
/// </summary>
public sealed record DeviceStepAction(string Path, string Kind, JsonElement Body) : ScenarioAction(Path);

/// <summary>What a named request must give: an output address (and optionally page size, or an interrupt's data), or a fault.</summary>
public sealed record ScenarioExpectation(string Path, ulong? Output, ulong? PageSize, string? Fault)
{
    /// <summary>The message data an interrupt request must deliver (<c>"data"</c>), if given.</summary>
    public ulong? Data { get; init; }
}
