using System;

namespace IommuLayouts;

/// <summary>
/// Marks a <c>partial struct</c> as a hardware descriptor of <see cref="SizeBits"/> bits. The generator
/// emits its storage (64-bit words), the bodies of its <c>[Bit]</c>/<c>[Bits]</c> partial properties,
/// span I/O, validation, formatting, equality and a layout table.
/// </summary>
/// <remarks>
/// Bit numbers in the field attributes are absolute and LSB-0 across the whole entry, as architecture
/// tables write them: bit 128 of a 512-bit entry is bit 0 of its third 64-bit word. Every bit that no
/// field, <see cref="IgnoredAttribute"/> or <see cref="Res1Attribute"/> claims is RES0.
/// </remarks>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class BitLayoutAttribute : Attribute
{
    /// <summary>Declares a layout of <paramref name="sizeBits"/> bits (a multiple of 8, from 8 to 1024).</summary>
    public BitLayoutAttribute(int sizeBits) => SizeBits = sizeBits;

    /// <summary>Size of the entry in bits.</summary>
    public int SizeBits { get; }

    /// <summary>Catalog name, e.g. <c>smmuv3.ste</c>. Defaults to the struct's name.</summary>
    public string? Name { get; set; }

    /// <summary>Where the layout is defined (document, table, or the public source it was checked against).</summary>
    public string? Spec { get; set; }

    /// <summary>One-line description shown by tools.</summary>
    public string? Summary { get; set; }
}
