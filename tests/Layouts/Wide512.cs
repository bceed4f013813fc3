using IommuLayouts;

namespace IommuLayouts.Tests.Layouts;

/// <summary>How a sample entry translates.</summary>
public enum WideMode : byte
{
    Abort = 0,
    Bypass = 4,
    Stage1 = 5,
    Stage2 = 6,
    Nested = 7,
}

/// <summary>Granule size encoding.</summary>
public enum Granule : byte
{
    Size4K = 0,
    Size64K = 1,
    Size16K = 2,
}

/// <summary>
/// A 512-bit table entry modelled on the SMMUv3 STE's shape: shifted addresses in several words, a field
/// crossing a word, ignored and RES1 ranges and a cross-field rule hook (a toolkit sample and the benchmark layout).
/// </summary>
[BitLayout(512, Name = "sample.wide512", Spec = "toolkit sample: 512-bit with addresses, ignored and RES1 ranges")]
[Ignored(84, 87, Doc = "available to software")]
[Res1(120, 121)]
[Ignored(448, 511)]
public partial struct Wide512
{
    [Bit(0)] public partial bool Valid { readonly get; set; }

    [Bits(1, 3)] public partial WideMode Mode { readonly get; set; }

    [Bits(6, 51), Address] public partial ulong ContextPtr { readonly get; set; }

    [Bits(59, 63)] public partial byte CdMax { readonly get; set; }

    [Bits(64, 65)] public partial byte Dss { readonly get; set; }

    [Bits(100, 109)] public partial ushort Span { readonly get; set; }

    [Bits(128, 143)] public partial ushort Vmid { readonly get; set; }

    [Bits(160, 165)] public partial byte T0Sz { readonly get; set; }

    [Bits(166, 167)] public partial byte Sl0 { readonly get; set; }

    [Bits(174, 175)] public partial Granule Tg { readonly get; set; }

    [Bits(180, 195, Doc = "Crosses words 2 and 3")] public partial ushort Cookie { readonly get; set; }

    [Bits(196, 243), Address(AlignBits = 12)] public partial ulong TablePtr { readonly get; set; }

    [Bits(256, 319)] public partial ulong Attributes { readonly get; set; }

    [Bits(384, 447), Address(AlignBits = 3)] public partial ulong Msi { readonly get; set; }

    /// <summary>A stage-2 start level of 3 is reserved for every granule; 4K with SL0=2 needs T0Sz &lt; 25.</summary>
    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Sl0 == 3)
        {
            sink.Report("WIDE.SL0", 166, 167, "Sl0 = 3 is reserved");
        }
        else if (Tg == Granule.Size4K && Sl0 == 2 && T0Sz >= 25)
        {
            sink.Report("WIDE.SL0", 160, 167, "Sl0 = 2 with a 4K granule needs T0Sz < 25");
        }
    }
}
