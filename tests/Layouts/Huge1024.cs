using IommuLayouts;

namespace IommuLayouts.Tests.Layouts;

/// <summary>A 1024-bit entry, the largest size the toolkit accepts (a toolkit sample).</summary>
[BitLayout(1024, Name = "sample.huge1024", Spec = "toolkit sample: 1024 bits")]
[Ignored(512, 767)]
public partial struct Huge1024
{
    [Bit(0)] public partial bool Present { readonly get; set; }

    [Bits(12, 63), Address] public partial ulong Root { readonly get; set; }

    [Bits(100, 163)] public partial ulong Crossing { readonly get; set; }

    [Bits(960, 1023)] public partial ulong Last { readonly get; set; }
}
