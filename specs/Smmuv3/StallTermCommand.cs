using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_STALL_TERM: terminate every stalled transaction of a stream.</summary>
/// <remarks>Opcode 0x45 (QEMU SMMU_CMD_STALL_TERM); the StreamID in dword 0 bits 63:32 as every per-stream command (QEMU CMD_SID, Linux CMDQ_*_0_SID). Not available when IDR0.STALL_MODEL = 0b01 (IHI 0070 IDR0.STALL_MODEL: "CMD_RESUME and CMD_STALL_TERM are not available"): the emulator's check. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_STALL_TERM (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.stall-term",
    Spec = "Arm IHI 0070 CMD_STALL_TERM; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_STALL_TERM")]
public partial struct StallTermCommand
{
    /// <summary>Opcode; CMD_STALL_TERM for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>StreamID the command applies to.</summary>
    [Bits(32, 63, Spec = "QEMU CMD_SID")] public partial uint StreamID { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static StallTermCommand Create() => new() { Opcode = CommandOpcode.CMD_STALL_TERM };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_STALL_TERM)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_STALL_TERM (0x{(byte)CommandOpcode.CMD_STALL_TERM:X2})"));
        }
    }
}
