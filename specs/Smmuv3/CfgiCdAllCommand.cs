using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_CFGI_CD_ALL: invalidate every cached CD (and L1CD) of a StreamID.</summary>
/// <remarks>Linux CMDQ_CFGI_0_SID. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_CFGI_CD_ALL (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.cfgi-cd-all",
    Spec = "Arm IHI 0070 CMD_CFGI_CD_ALL; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_CFGI_CD_ALL")]
public partial struct CfgiCdAllCommand
{
    /// <summary>Opcode; CMD_CFGI_CD_ALL for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>StreamID the command applies to.</summary>
    [Bits(32, 63)] public partial uint StreamID { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static CfgiCdAllCommand Create() => new() { Opcode = CommandOpcode.CMD_CFGI_CD_ALL };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_CFGI_CD_ALL)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_CFGI_CD_ALL (0x{(byte)CommandOpcode.CMD_CFGI_CD_ALL:X2})"));
        }
    }
}
