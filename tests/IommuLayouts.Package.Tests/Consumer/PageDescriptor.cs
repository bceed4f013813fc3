using IommuLayouts;

namespace ConsumerApp;

/// <summary>Shareability of a VMSAv8-64 descriptor (SH[1:0]); 0b01 is reserved.</summary>
public enum Shareability : byte
{
    NonShareable = 0,
    OuterShareable = 2,
    InnerShareable = 3,
}

/// <summary>
/// A new format defined outside the repository: a cut-down VMSAv8-64 stage-1 page descriptor
/// (Arm ARM D8.3: valid bit 0, SH bits 9:8, output address bits 47:12, software bits 58:55, PBHA bits 62:59).
/// </summary>
[BitLayout(64, Name = "consumer.page", Spec = "Arm ARM D8.3 (cut down)", Summary = "stage-1 page descriptor")]
[Ignored(55, 58, Doc = "reserved for software use")]
public partial struct PageDescriptor
{
    [Bit(0, Doc = "Valid")] public partial bool Valid { readonly get; set; }

    [Bits(8, 9, Doc = "Shareability")] public partial Shareability Sh { readonly get; set; }

    [Bits(12, 47, Doc = "Output address"), Address] public partial ulong OutputAddress { readonly get; set; }

    [Bits(59, 62, Doc = "Page-based hardware attributes")] public partial byte Pbha { readonly get; set; }

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (!Valid && OutputAddress != 0)
        {
            sink.Report("PAGE.V", 0, 0, "an invalid descriptor should carry no address");
        }
    }
}
