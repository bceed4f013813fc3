using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_PRI_RESP: answer a PCIe PRI page request group of a StreamID.</summary>
/// <remarks>Linux CMDQ_PRI_* with Resp at dword 1 bits 13:12; QEMU CMD_RESP is word 2 bits 12:11 (see NOTES). <c>Validate()</c> reports RES0 bits and an opcode other than CMD_PRI_RESP (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.pri-resp",
    Spec = "Arm IHI 0070 CMD_PRI_RESP; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_PRI_RESP")]
public partial struct PriRespCommand
{
    /// <summary>Opcode; CMD_PRI_RESP for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>SubstreamID valid.</summary>
    [Bit(11)] public partial bool SSV { readonly get; set; }

    /// <summary>SubstreamID.</summary>
    [Bits(12, 31)] public partial uint SubstreamID { readonly get; set; }

    /// <summary>StreamID the command applies to.</summary>
    [Bits(32, 63)] public partial uint StreamID { readonly get; set; }

    /// <summary>Page request group index being answered.</summary>
    [Bits(64, 72)] public partial ushort PRGIndex { readonly get; set; }

    /// <summary>Response code.</summary>
    [Bits(76, 77)] public partial PriResponse Resp { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static PriRespCommand Create() => new() { Opcode = CommandOpcode.CMD_PRI_RESP };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_PRI_RESP)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_PRI_RESP (0x{(byte)CommandOpcode.CMD_PRI_RESP:X2})"));
        }
    }
}
