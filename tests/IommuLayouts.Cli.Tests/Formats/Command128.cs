using IommuLayouts;

namespace IommuLayouts.Cli.Tests.Formats;

/// <summary>
/// A 128-bit test format: a field crossing the two 64-bit words, a 56-bit payload (values above 2^53 reach
/// the JSON writer) and a cross-field rule.
/// </summary>
[BitLayout(128, Name = "test.cmd128", Spec = "CLI test format", Summary = "128-bit command")]
public partial struct Command128
{
    [Bits(0, 7, Doc = "Opcode; 0 is NOP")] public partial byte Opcode { readonly get; set; }

    [Bits(32, 55, Doc = "Stream id")] public partial uint StreamId { readonly get; set; }

    [Bits(56, 71, Doc = "Cookie, crossing words 0 and 1")] public partial ushort Cookie { readonly get; set; }

    [Bits(72, 127, Doc = "Payload")] public partial ulong Payload { readonly get; set; }

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode == 0 && Payload != 0)
        {
            sink.Report("CMD.NOP", 72, 127, "a NOP carries no payload");
        }
    }
}
