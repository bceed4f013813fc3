using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_TLBI_EL2_ASID: invalidate the EL2-E2H TLB entries of an ASID.</summary>
/// <remarks>Linux arm_smmu_cmdq_build_cmd: CMDQ_OP_TLBI_EL2_ASID (0x21) fills CMDQ_TLBI_0_ASID only (no VMID). Needs IDR0.HYP: the emulator's check. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_TLBI_EL2_ASID (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.tlbi-el2-asid",
    Spec = "Arm IHI 0070 CMD_TLBI_EL2_ASID; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_TLBI_EL2_ASID")]
public partial struct TlbiEl2AsidCommand
{
    /// <summary>Opcode; CMD_TLBI_EL2_ASID for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>Address space identifier (EL2-E2H regime).</summary>
    [Bits(48, 63, Spec = "Linux CMDQ_TLBI_0_ASID")] public partial ushort ASID { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static TlbiEl2AsidCommand Create() => new() { Opcode = CommandOpcode.CMD_TLBI_EL2_ASID };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_TLBI_EL2_ASID)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_TLBI_EL2_ASID (0x{(byte)CommandOpcode.CMD_TLBI_EL2_ASID:X2})"));
        }
    }
}
