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
}
