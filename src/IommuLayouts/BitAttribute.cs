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
}
