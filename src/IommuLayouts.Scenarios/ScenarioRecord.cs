using System;

namespace IommuLayouts.Scenarios;

/// <summary>A record a device wrote where software reads it (an SMMUv3 event, a VT-d fault record), with its format.</summary>
public sealed record ScenarioRecord(LayoutInfo Layout, ulong[] Words)
{
    /// <summary>The record's value of a field (the address for address fields), by field name.</summary>
    public ulong Field(string name) =>
        (Layout.FindField(name) ?? throw new ArgumentException($"{Layout.Name} has no field '{name}'", nameof(name))).ReadValue(Words);

    public override string ToString() => Layout.Ops.Format(Words);
}
