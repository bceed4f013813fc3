using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_ATC_INV: send an ATS invalidation to the device of a StreamID for a naturally aligned range of 2^Size 4 KB pages at Address.</summary>
/// <remarks>Linux CMDQ_ATC_* (arm_smmu_atc_inv_to_cmd; ATC_INV_SIZE_ALL = 52 invalidates everything). <c>Validate()</c> reports RES0 bits and an opcode other than CMD_ATC_INV (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.atc-inv",
    Spec = "Arm IHI 0070 CMD_ATC_INV; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_ATC_INV")]
public partial struct AtcInvCommand
{
    /// <summary>Opcode; CMD_ATC_INV for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>Global: invalidate entries of every SubstreamID (with SSV).</summary>
    [Bit(9)] public partial bool Global { readonly get; set; }

    /// <summary>SubstreamID valid.</summary>
    [Bit(11)] public partial bool SSV { readonly get; set; }

    /// <summary>SubstreamID.</summary>
    [Bits(12, 31)] public partial uint SubstreamID { readonly get; set; }

    /// <summary>StreamID the command applies to.</summary>
    [Bits(32, 63)] public partial uint StreamID { readonly get; set; }

    /// <summary>log2 of the number of 4 KB pages (52: everything).</summary>
    [Bits(64, 69)] public partial byte Size { readonly get; set; }

    /// <summary>Virtual address, bits 63:12.</summary>
    [Bits(76, 127), Address] public partial ulong Address { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static AtcInvCommand Create() => new() { Opcode = CommandOpcode.CMD_ATC_INV };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_ATC_INV)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_ATC_INV (0x{(byte)CommandOpcode.CMD_ATC_INV:X2})"));
        }
    }
}
