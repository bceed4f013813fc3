using System;

namespace IommuLayouts;

/// <summary>Bits <see cref="Lo"/>..<see cref="Hi"/> are RES1: <c>Validate()</c> reports each of them that is clear.</summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class Res1Attribute : Attribute
{
    public Res1Attribute(int lo, int hi)
    {
        Lo = lo;
        Hi = hi;
    }

    public Res1Attribute(int bit) : this(bit, bit)
    {
    }

    public int Lo { get; }

    public int Hi { get; }

    public string? Doc { get; set; }
}
