using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_TLBI_EL2_VA: invalidate EL2 TLB entries of an ASID for one address, or a range when TG is non-zero.</summary>
/// <remarks>Linux arm_smmu_cmdq_build_cmd: CMDQ_OP_TLBI_EL2_VA (0x22) fills NUM, SCALE, ASID, LEAF, TTL, TG and VA, as CMD_TLBI_NH_VA without the VMID. Needs IDR0.HYP (and IDR3.RIL for ranges): the emulator's checks. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_TLBI_EL2_VA (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.tlbi-el2-va",
    Spec = "Arm IHI 0070 CMD_TLBI_EL2_VA; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_TLBI_EL2_VA")]
public partial struct TlbiEl2VaCommand
{
    /// <summary>Opcode; CMD_TLBI_EL2_VA for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>Range invalidation: the range is (NUM + 1) * 2^SCALE pages (used when TG is non-zero).</summary>
    [Bits(12, 16, Spec = "Linux CMDQ_TLBI_0_NUM")] public partial byte Num { readonly get; set; }

    /// <summary>Range invalidation scale (used when TG is non-zero).</summary>
    [Bits(20, 24, Spec = "Linux CMDQ_TLBI_0_SCALE")] public partial byte Scale { readonly get; set; }

    /// <summary>Address space identifier (EL2-E2H regime).</summary>
    [Bits(48, 63, Spec = "Linux CMDQ_TLBI_0_ASID")] public partial ushort ASID { readonly get; set; }

    /// <summary>Leaf: only the entry itself (set) or also the tables below it (clear) need invalidating.</summary>
    [Bit(64, Spec = "Linux CMDQ_TLBI_1_LEAF")] public partial bool Leaf { readonly get; set; }

    /// <summary>Translation table level hint of the leaf entry (0: no hint).</summary>
    [Bits(72, 73, Spec = "Linux CMDQ_TLBI_1_TTL")] public partial byte TTL { readonly get; set; }

    /// <summary>Range granule: 0 = a single address (no range), 1 = 4 KB, 2 = 16 KB, 3 = 64 KB pages.</summary>
    [Bits(74, 75, Spec = "Linux CMDQ_TLBI_1_TG")] public partial byte TG { readonly get; set; }

    /// <summary>Virtual address, bits 63:12.</summary>
    [Bits(76, 127, Spec = "Linux CMDQ_TLBI_1_VA_MASK"), Address] public partial ulong Address { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static TlbiEl2VaCommand Create() => new() { Opcode = CommandOpcode.CMD_TLBI_EL2_VA };

    /// <summary>Number of pages a range invalidation (TG non-zero) covers: (NUM + 1) * 2^SCALE.</summary>
    public readonly ulong RangePages => (ulong)(Num + 1) << Scale;

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_TLBI_EL2_VA)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_TLBI_EL2_VA (0x{(byte)CommandOpcode.CMD_TLBI_EL2_VA:X2})"));
        }
    }
}
