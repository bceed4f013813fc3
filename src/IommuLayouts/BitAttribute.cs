using System;

namespace IommuLayouts;

/// <summary>A one-bit field at absolute bit <see cref="Position"/>. The property type is <c>bool</c> or an unsigned integer/enum.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class BitAttribute : Attribute
{
    public BitAttribute(int position) => Position = position;

    /// <summary>Absolute LSB-0 bit number.</summary>
    public int Position { get; }

    /// <summary>What the field means (shown by <c>describe</c> and in the layout table).</summary>
    public string? Doc { get; set; }

    /// <summary>Where the field is defined, when it differs from the layout's reference.</summary>
    public string? Spec { get; set; }

    /// <summary>
    /// For an enum field: whether <c>Validate()</c> reports encodings the enum does not define (default true).
    /// Set it to false when the encoding only matters while another field makes this one live (a PASID entry's
    /// PGTT only when P=1, an STE's S2TG only when Config has stage 2) and report it from <c>CheckRules</c> instead:
    /// the field keeps its enum type, so tools still show and parse the names.
    /// </summary>
    public bool CheckEnum { get; set; } = true;
}
