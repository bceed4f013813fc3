namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// The architected outcome of a VMSAv8-64 walk that did not translate (Arm ARM D8.* fault types; SMMUv3
/// F_TRANSLATION, F_ADDR_SIZE, F_ACCESS, F_PERMISSION and F_WALK_EABT).
/// </summary>
public enum WalkFaultKind : byte
{
    /// <summary>No fault: the walk translated.</summary>
    None = 0,

    /// <summary>Invalid or reserved descriptor, a block where the granule allows none, or an input address outside the configured range.</summary>
    Translation,

    /// <summary>An output or next-table address at or beyond 2^OAS (or a table base beyond it).</summary>
    AddressSize,

    /// <summary>A leaf with AF = 0 while Access flag faults are enabled.</summary>
    AccessFlag,

    /// <summary>The leaf's permissions, with the hierarchical controls above it, do not allow the access.</summary>
    Permission,

    /// <summary>A descriptor read ended in an external abort (the descriptor address is reported).</summary>
    ExternalAbort,
}
