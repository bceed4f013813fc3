using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_TLBI_EL3_ALL: invalidate every EL3 TLB entry (Secure command queue only).</summary>
/// <remarks>Opcode 0x18 (QEMU SMMU_CMD_TLBI_EL3_ALL), no fields. Only a Secure command queue may issue it: the emulator's check. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_TLBI_EL3_ALL (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.tlbi-el3-all",
    Spec = "Arm IHI 0070 CMD_TLBI_EL3_ALL; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_TLBI_EL3_ALL")]
public partial struct TlbiEl3AllCommand
{
    /// <summary>Opcode; CMD_TLBI_EL3_ALL for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static TlbiEl3AllCommand Create() => new() { Opcode = CommandOpcode.CMD_TLBI_EL3_ALL };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_TLBI_EL3_ALL)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_TLBI_EL3_ALL (0x{(byte)CommandOpcode.CMD_TLBI_EL3_ALL:X2})"));
        }
    }
}
