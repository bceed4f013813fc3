using IommuLayouts;

namespace IommuLayouts.Cli.Tests.Formats;

/// <summary>A 32-bit register: its one word must not have bits above 31.</summary>
[BitLayout(32, Name = "test.reg32", Spec = "CLI test format", Summary = "32-bit register")]
public partial struct Register32
{
    [Bits(0, 15, Doc = "Low half")] public partial ushort Low { readonly get; set; }

    [Bit(31, Doc = "Go")] public partial bool Go { readonly get; set; }
}
