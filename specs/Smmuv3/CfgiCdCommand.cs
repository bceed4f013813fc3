using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_CFGI_CD: invalidate one cached CD, selected by StreamID and SubstreamID.</summary>
/// <remarks>Linux CMDQ_CFGI_0_SSID, CMDQ_CFGI_0_SID, CMDQ_CFGI_1_LEAF (arm_smmu_sync_cd). Leaf clear also invalidates a cached L1CD. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_CFGI_CD (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.cfgi-cd",
    Spec = "Arm IHI 0070 CMD_CFGI_CD; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_CFGI_CD")]
public partial struct CfgiCdCommand
{
    /// <summary>Opcode; CMD_CFGI_CD for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>SubstreamID.</summary>
    [Bits(12, 31)] public partial uint SubstreamID { readonly get; set; }

    /// <summary>StreamID the command applies to.</summary>
    [Bits(32, 63)] public partial uint StreamID { readonly get; set; }

    /// <summary>Leaf: only the entry itself (set) or also the tables below it (clear) need invalidating.</summary>
    [Bit(64)] public partial bool Leaf { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static CfgiCdCommand Create() => new() { Opcode = CommandOpcode.CMD_CFGI_CD };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_CFGI_CD)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_CFGI_CD (0x{(byte)CommandOpcode.CMD_CFGI_CD:X2})"));
        }
    }
}
