using IommuLayouts;

namespace IommuLayouts.Tests.Layouts;

/// <summary>A 128-bit command whose fields straddle the word boundary (a toolkit sample).</summary>
[BitLayout(128, Name = "sample.crossing128", Spec = "toolkit sample: 128-bit with fields crossing 64-bit words")]
public partial struct Crossing128
{
    [Bits(0, 7, Doc = "Opcode")] public partial byte Opcode { readonly get; set; }

    [Bits(12, 31, Doc = "Substream id")] public partial uint SubstreamId { readonly get; set; }

    [Bits(56, 71, Doc = "Tag crossing words 0 and 1")] public partial ushort Tag { readonly get; set; }

    [Bits(72, 75, Doc = "Range")] public partial byte Range { readonly get; set; }

    [Bits(76, 127), Address] public partial ulong Address { readonly get; set; }
}
