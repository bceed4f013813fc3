using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_TLBI_EL2_ALL: invalidate every EL2 (hypervisor) TLB entry.</summary>
/// <remarks>Linux issues it with the opcode only (arm_smmu_cmdq_build_cmd: CMDQ_OP_TLBI_EL2_ALL, 0x20, no fields). Needs IDR0.HYP: the emulator's check. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_TLBI_EL2_ALL (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.tlbi-el2-all",
    Spec = "Arm IHI 0070 CMD_TLBI_EL2_ALL; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_TLBI_EL2_ALL")]
public partial struct TlbiEl2AllCommand
{
    /// <summary>Opcode; CMD_TLBI_EL2_ALL for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static TlbiEl2AllCommand Create() => new() { Opcode = CommandOpcode.CMD_TLBI_EL2_ALL };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_TLBI_EL2_ALL)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_TLBI_EL2_ALL (0x{(byte)CommandOpcode.CMD_TLBI_EL2_ALL:X2})"));
        }
    }
}
