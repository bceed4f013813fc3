namespace IommuLayouts.Emulator.Walkers;

/// <summary>What a translated access does; together with its privilege it selects the permission to check.</summary>
public enum AccessKind : byte
{
    /// <summary>A data read.</summary>
    Read,

    /// <summary>A data write.</summary>
    Write,

    /// <summary>An instruction fetch (checked against the execute-never controls only).</summary>
    InstructionFetch,
}
