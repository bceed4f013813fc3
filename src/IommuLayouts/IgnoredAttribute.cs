using System;

namespace IommuLayouts;

/// <summary>
/// Bits <see cref="Lo"/>..<see cref="Hi"/> are ignored by hardware (software may use them): unlike RES0
/// bits, <c>Validate()</c> never reports them.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class IgnoredAttribute : Attribute
{
    public IgnoredAttribute(int lo, int hi)
    {
        Lo = lo;
        Hi = hi;
    }

    public IgnoredAttribute(int bit) : this(bit, bit)
    {
    }

    public int Lo { get; }

    public int Hi { get; }

    /// <summary>Why these bits are ignored (e.g. "available to software").</summary>
    public string? Doc { get; set; }
}
