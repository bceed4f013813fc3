namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// A fault's class independent of the IOMMU: the kind of walk failure and the stage that failed. SMMUv3 events and
/// VT-d fault reasons differ in name; these classes are what <see cref="NestingDifferential"/> compares.
/// </summary>
public enum NestedFaultClass
{
    /// <summary>No fault: the request was translated.</summary>
    None,

    /// <summary>Stage 1 (the guest's table) has no valid entry for the input.</summary>
    Stage1Translation,

    /// <summary>Stage 1 forbids the access.</summary>
    Stage1Permission,

    /// <summary>Stage 1 produced or met an address beyond its size.</summary>
    Stage1AddressSize,

    /// <summary>Stage 2 (the host's table) has no valid entry, for the output or for a stage-1 table address.</summary>
    Stage2Translation,

    /// <summary>Stage 2 forbids the access.</summary>
    Stage2Permission,

    /// <summary>Stage 2 met an address beyond its size.</summary>
    Stage2AddressSize,

    /// <summary>The configuration aborts every request (guest abort, unbound device).</summary>
    Abort,

    /// <summary>A configuration error (bad STE/CD, bad PASID entry) or another kind of fault.</summary>
    Other,
}
