using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_PREFETCH_CONFIG: fetch a stream's configuration into the configuration cache ahead of use.</summary>
/// <remarks>Linux builds it with the StreamID only (arm_smmu_cmdq_build_cmd, CMDQ_PREFETCH_0_SID). A prefetch is a hint: the emulator may ignore it. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_PREFETCH_CONFIG (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.prefetch-config",
    Spec = "Arm IHI 0070 CMD_PREFETCH_CONFIG; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_PREFETCH_CONFIG")]
public partial struct PrefetchConfigCommand
{
    /// <summary>Opcode; CMD_PREFETCH_CONFIG for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>SubstreamID valid.</summary>
    [Bit(11)] public partial bool SSV { readonly get; set; }

    /// <summary>SubstreamID.</summary>
    [Bits(12, 31)] public partial uint SubstreamID { readonly get; set; }

    /// <summary>StreamID the command applies to.</summary>
    [Bits(32, 63)] public partial uint StreamID { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static PrefetchConfigCommand Create() => new() { Opcode = CommandOpcode.CMD_PREFETCH_CONFIG };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_PREFETCH_CONFIG)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_PREFETCH_CONFIG (0x{(byte)CommandOpcode.CMD_PREFETCH_CONFIG:X2})"));
        }
    }
}
