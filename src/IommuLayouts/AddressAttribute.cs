using System;

namespace IommuLayouts;

/// <summary>
/// Marks a <c>[Bits]</c> field as a shifted address: bits <c>lo..hi</c> hold <c>addr[lo%64 + width - 1 : lo%64]</c>,
/// the way architecture tables write "bits 51:6 hold addr[51:6]". The property (a <c>ulong</c>) gets and
/// sets the address itself; its bits below the field's first address bit are zero by construction.
/// </summary>
/// <remarks>
/// <see cref="AlignBits"/> states a stricter architectural alignment (e.g. a 4 KiB-aligned table whose
/// pointer field starts at address bit 4): <c>Validate()</c> reports an address with any of those low bits set.
/// </remarks>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class AddressAttribute : Attribute
{
    /// <summary>
    /// Required alignment as a power of two (log2 bytes). Zero means "the field's own first address bit",
    /// i.e. no extra check.
    /// </summary>
    public int AlignBits { get; set; }

    /// <summary>
    /// The address bit held by the field's lowest bit. Defaults to <c>lo % 64</c> (the position of the field
    /// inside its 64-bit word), which is how every SMMUv3 and VT-d pointer is stored. Set it when a field
    /// stores a page frame number, e.g. <c>AddressShift = 12</c> for a PFN field at bits 0..39.
    /// </summary>
    public int AddressShift { get; set; } = -1;
}
