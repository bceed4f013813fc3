using IommuLayouts;

namespace IommuLayouts.Tests.Layouts;

/// <summary>Queue entry size.</summary>
public enum EntrySize : byte
{
    Bytes16 = 0,
    Bytes32 = 1,
    Bytes64 = 2,
}

/// <summary>Cache policy; encodings 4..7 are reserved.</summary>
public enum CachePolicy : ulong
{
    NonCacheable = 0,
    WriteBack = 1,
    WriteThrough = 2,
    WriteBackNoAllocate = 3,
}

/// <summary>A 64-bit control register of flags, enums and small counters (a toolkit sample, not an architected format).</summary>
[BitLayout(64, Name = "sample.flags64", Spec = "toolkit sample: 64-bit flags and enums")]
public partial struct Flags64
{
    /// <summary>Enable.</summary>
    [Bit(0)] public partial bool Enable { readonly get; set; }

    [Bit(1, Doc = "Interrupt on completion")] public partial bool Irq { readonly get; set; }

    [Bits(2, 3, Doc = "Entry size")] public partial EntrySize Size { readonly get; set; }

    [Bits(4, 6, Doc = "Queue cache policy")] public partial CachePolicy Policy { readonly get; set; }

    [Bits(8, 15, Doc = "Queue depth, log2")] public partial byte Log2Depth { readonly get; set; }

    [Bits(16, 27, Doc = "Owner id")] public partial ushort Owner { readonly get; set; }

    [Bits(28, 30, CheckEnum = false, Doc = "Shadow policy: only meaningful while Enable is set, so the rule hook checks it")]
    public partial CachePolicy ShadowPolicy { readonly get; set; }

    [Bits(32, 62, Doc = "Token")] public partial uint Token { readonly get; set; }

    [Bit(63, Doc = "Busy (read-only)")] public readonly partial bool Busy { get; }

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Enable && (ulong)ShadowPolicy > 3)
        {
            sink.Report("FLAGS.SHADOW", 28, 30, "ShadowPolicy is reserved while Enable is set");
        }
    }
}
