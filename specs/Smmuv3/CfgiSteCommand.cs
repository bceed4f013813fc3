using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_CFGI_STE: invalidate the cached STE (and everything cached from it) of one StreamID.</summary>
/// <remarks>Linux CMDQ_CFGI_0_SID, CMDQ_CFGI_1_LEAF. QEMU-only CMD_SSEC (bit 10) is RES0 here: a Non-secure queue may not set it (QEMU raises CERROR_ILL). <c>Validate()</c> reports RES0 bits and an opcode other than CMD_CFGI_STE (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.cfgi-ste",
    Spec = "Arm IHI 0070 CMD_CFGI_STE; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_CFGI_STE")]
public partial struct CfgiSteCommand
{
    /// <summary>Opcode; CMD_CFGI_STE for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>StreamID the command applies to.</summary>
    [Bits(32, 63)] public partial uint StreamID { readonly get; set; }

    /// <summary>Leaf: only the entry itself (set) or also the tables below it (clear) need invalidating.</summary>
    [Bit(64)] public partial bool Leaf { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static CfgiSteCommand Create() => new() { Opcode = CommandOpcode.CMD_CFGI_STE };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_CFGI_STE)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_CFGI_STE (0x{(byte)CommandOpcode.CMD_CFGI_STE:X2})"));
        }
    }
}
