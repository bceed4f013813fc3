using IommuLayouts;

namespace IommuLayouts.Tests.Layouts;

/// <summary>An 8-bit status byte (a toolkit sample).</summary>
[BitLayout(8, Name = "sample.tiny8")]
[Res1(7)]
public partial struct Tiny8
{
    [Bit(0)] public partial bool Ready { readonly get; set; }

    [Bits(1, 3)] public partial byte Code { readonly get; set; }
}
