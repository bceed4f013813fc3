using System;

namespace IommuLayouts;

/// <summary>
/// A field occupying absolute bits <see cref="Lo"/>..<see cref="Hi"/> inclusive (it may cross 64-bit
/// words). The property type is an unsigned integer or an enum wide enough for the range.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class BitsAttribute : Attribute
{
    public BitsAttribute(int lo, int hi)
    {
        Lo = lo;
        Hi = hi;
    }

    /// <summary>Lowest absolute bit of the field.</summary>
    public int Lo { get; }

    /// <summary>Highest absolute bit of the field (inclusive).</summary>
    public int Hi { get; }

    /// <summary>What the field means.</summary>
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
