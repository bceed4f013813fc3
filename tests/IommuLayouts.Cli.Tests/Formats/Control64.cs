using IommuLayouts;

namespace IommuLayouts.Cli.Tests.Formats;

/// <summary>
/// A 64-bit test format with every kind of bit the CLI must show: a flag, an enum with reserved encodings,
/// a small counter, a 64 KiB-aligned table address, ignored bits, RES0 bits (4..7, 56..62) and a RES1 bit.
/// </summary>
[BitLayout(64, Name = "test.ctl64", Spec = "CLI test format", Summary = "64-bit control word")]
[Ignored(48, 55, Doc = "available to software")]
[Res1(63)]
public partial struct Control64
{
    [Bit(0, Doc = "Enable")] public partial bool Enable { readonly get; set; }

    [Bits(1, 3, Doc = "Access mode")] public partial TestMode Mode { readonly get; set; }

    [Bits(8, 11, Doc = "Queue depth, log2")] public partial byte Log2Depth { readonly get; set; }

    [Bits(12, 47, Doc = "Table base"), Address(AlignBits = 16)] public partial ulong TablePtr { readonly get; set; }
}
