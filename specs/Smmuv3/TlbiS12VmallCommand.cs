using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_TLBI_S12_VMALL: invalidate every stage-1 and stage-2 TLB entry of a VMID.</summary>
/// <remarks>Linux CMDQ_TLBI_0_VMID. Illegal without stage 2 (IDR0.S2P): the emulator's check. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_TLBI_S12_VMALL (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.tlbi-s12-vmall",
    Spec = "Arm IHI 0070 CMD_TLBI_S12_VMALL; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_TLBI_S12_VMALL")]
public partial struct TlbiS12VmallCommand
{
    /// <summary>Opcode; CMD_TLBI_S12_VMALL for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>Virtual machine identifier.</summary>
    [Bits(32, 47)] public partial ushort VMID { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static TlbiS12VmallCommand Create() => new() { Opcode = CommandOpcode.CMD_TLBI_S12_VMALL };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_TLBI_S12_VMALL)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_TLBI_S12_VMALL (0x{(byte)CommandOpcode.CMD_TLBI_S12_VMALL:X2})"));
        }
    }
}
