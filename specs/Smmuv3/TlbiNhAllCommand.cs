using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_TLBI_NH_ALL: invalidate every EL1 stage-1 TLB entry of a VMID.</summary>
/// <remarks>Linux CMDQ_TLBI_0_VMID. Without stage 2 the VMID is ignored (QEMU: all stage-1 entries). <c>Validate()</c> reports RES0 bits and an opcode other than CMD_TLBI_NH_ALL (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.tlbi-nh-all",
    Spec = "Arm IHI 0070 CMD_TLBI_NH_ALL; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_TLBI_NH_ALL")]
public partial struct TlbiNhAllCommand
{
    /// <summary>Opcode; CMD_TLBI_NH_ALL for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>Virtual machine identifier.</summary>
    [Bits(32, 47)] public partial ushort VMID { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static TlbiNhAllCommand Create() => new() { Opcode = CommandOpcode.CMD_TLBI_NH_ALL };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_TLBI_NH_ALL)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_TLBI_NH_ALL (0x{(byte)CommandOpcode.CMD_TLBI_NH_ALL:X2})"));
        }
    }
}
