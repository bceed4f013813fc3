using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_TLBI_NH_ASID: invalidate the EL1 stage-1 TLB entries of an ASID within a VMID.</summary>
/// <remarks>Linux CMDQ_TLBI_0_VMID, CMDQ_TLBI_0_ASID. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_TLBI_NH_ASID (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.tlbi-nh-asid",
    Spec = "Arm IHI 0070 CMD_TLBI_NH_ASID; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_TLBI_NH_ASID")]
public partial struct TlbiNhAsidCommand
{
    /// <summary>Opcode; CMD_TLBI_NH_ASID for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>Virtual machine identifier.</summary>
    [Bits(32, 47)] public partial ushort VMID { readonly get; set; }

    /// <summary>Address space identifier.</summary>
    [Bits(48, 63)] public partial ushort ASID { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static TlbiNhAsidCommand Create() => new() { Opcode = CommandOpcode.CMD_TLBI_NH_ASID };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_TLBI_NH_ASID)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_TLBI_NH_ASID (0x{(byte)CommandOpcode.CMD_TLBI_NH_ASID:X2})"));
        }
    }
}
