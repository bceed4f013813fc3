using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_TLBI_S2_IPA: invalidate stage-2 TLB entries of a VMID for one IPA, or a range when TG is non-zero.</summary>
/// <remarks>Linux CMDQ_TLBI_* with CMDQ_TLBI_1_IPA_MASK [51:12] (bits 116..127 are RES0). Illegal without stage 2 (IDR0.S2P): the emulator's check. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_TLBI_S2_IPA (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.tlbi-s2-ipa",
    Spec = "Arm IHI 0070 CMD_TLBI_S2_IPA; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_TLBI_S2_IPA")]
public partial struct TlbiS2IpaCommand
{
    /// <summary>Opcode; CMD_TLBI_S2_IPA for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>Range invalidation: the range is (NUM + 1) * 2^SCALE pages (used when TG is non-zero).</summary>
    [Bits(12, 16)] public partial byte Num { readonly get; set; }

    /// <summary>Range invalidation scale (used when TG is non-zero).</summary>
    [Bits(20, 24)] public partial byte Scale { readonly get; set; }

    /// <summary>Virtual machine identifier.</summary>
    [Bits(32, 47)] public partial ushort VMID { readonly get; set; }

    /// <summary>Leaf: only the entry itself (set) or also the tables below it (clear) need invalidating.</summary>
    [Bit(64)] public partial bool Leaf { readonly get; set; }

    /// <summary>Translation table level hint of the leaf entry (0: no hint).</summary>
    [Bits(72, 73)] public partial byte TTL { readonly get; set; }

    /// <summary>Range granule: 0 = a single address (no range), 1 = 4 KB, 2 = 16 KB, 3 = 64 KB pages.</summary>
    [Bits(74, 75)] public partial byte TG { readonly get; set; }

    /// <summary>Intermediate physical address, bits 51:12.</summary>
    [Bits(76, 115), Address] public partial ulong IPA { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static TlbiS2IpaCommand Create() => new() { Opcode = CommandOpcode.CMD_TLBI_S2_IPA };

    /// <summary>Number of pages a range invalidation (TG non-zero) covers: (NUM + 1) * 2^SCALE.</summary>
    public readonly ulong RangePages => (ulong)(Num + 1) << Scale;

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_TLBI_S2_IPA)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_TLBI_S2_IPA (0x{(byte)CommandOpcode.CMD_TLBI_S2_IPA:X2})"));
        }
    }
}
