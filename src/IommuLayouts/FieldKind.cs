namespace IommuLayouts;

/// <summary>How a field's bits are interpreted.</summary>
public enum FieldKind
{
    /// <summary>A single bit read as a <c>bool</c>.</summary>
    Flag,

    /// <summary>An unsigned integer.</summary>
    Unsigned,

    /// <summary>An enumeration; values the enum does not define are reported by <c>Validate()</c>.</summary>
    Enum,

    /// <summary>A shifted address: the field holds address bits starting at <see cref="BitFieldInfo.AddressShift"/>.</summary>
    Address,
}
