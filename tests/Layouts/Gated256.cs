using IommuLayouts;

namespace IommuLayouts.Tests.Layouts;

/// <summary>The kind of table a <see cref="Gated256"/> entry points at (a toolkit sample).</summary>
public enum GatedMode : byte
{
    Abort = 0,
    Direct = 1,
    Table = 2,
    Nested = 3,
}

/// <summary>
/// A 256-bit entry with used bits (a toolkit sample): a valid gate, a mode that selects fields in other words, a
/// flag that selects a field only while it is itself read, and update-safe fields with and without limits.
/// </summary>
[BitLayout(256, Name = "sample.gated256")]
[LiveWhen(nameof(Valid))]
public partial struct Gated256
{
    [Bit(0)] public partial bool Valid { readonly get; set; }

    [Bits(1, 2)] public partial GatedMode Mode { readonly get; set; }

    [UsedWhen(nameof(Mode), GatedMode.Table, GatedMode.Nested)]
    [Bit(3)] public partial bool Split { readonly get; set; }

    [UsedWhen(nameof(Mode), GatedMode.Table, GatedMode.Nested)]
    [Bits(12, 63), Address] public partial ulong Root { readonly get; set; }

    [UsedWhen(nameof(Split), true)]
    [UsedWhen(nameof(Mode), GatedMode.Nested)]
    [Bits(64, 79)] public partial ushort Tag { readonly get; set; }

    [UpdateSafe]
    [UsedWhen(nameof(Mode), GatedMode.Direct, GatedMode.Table, GatedMode.Nested)]
    [Bit(80)] public partial bool Merge { readonly get; set; }

    [UpdateSafe(Values = new object[] { GatedMode.Abort, GatedMode.Direct }, UnlessSet = nameof(Stall))]
    [Bits(81, 82)] public partial GatedMode Fallback { readonly get; set; }

    [Bit(83)] public partial bool Stall { readonly get; set; }

    [UsedWhen(nameof(Mode), GatedMode.Nested)]
    [Bits(128, 191), Address] public partial ulong OuterRoot { readonly get; set; }
}
