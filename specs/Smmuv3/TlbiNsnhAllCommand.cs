using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_TLBI_NSNH_ALL: invalidate every Non-secure non-hypervisor TLB entry of every VMID.</summary>
/// <remarks>Linux issues it with the opcode only (arm_smmu_device_reset). <c>Validate()</c> reports RES0 bits and an opcode other than CMD_TLBI_NSNH_ALL (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.tlbi-nsnh-all",
    Spec = "Arm IHI 0070 CMD_TLBI_NSNH_ALL; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_TLBI_NSNH_ALL")]
public partial struct TlbiNsnhAllCommand
{
    /// <summary>Opcode; CMD_TLBI_NSNH_ALL for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static TlbiNsnhAllCommand Create() => new() { Opcode = CommandOpcode.CMD_TLBI_NSNH_ALL };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_TLBI_NSNH_ALL)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_TLBI_NSNH_ALL (0x{(byte)CommandOpcode.CMD_TLBI_NSNH_ALL:X2})"));
        }
    }
}
