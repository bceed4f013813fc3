using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_CFGI_STE_RANGE: invalidate cached configuration for a naturally aligned block of 2^(Range + 1) StreamIDs containing StreamID; Range = 31 is CMD_CFGI_ALL.</summary>
/// <remarks>Linux CMDQ_CFGI_1_RANGE and CMDQ_OP_CFGI_ALL (0x4 with Range 31); QEMU smmuv3_cmdq_consume computes the same block. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_CFGI_STE_RANGE (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.cfgi-ste-range",
    Spec = "Arm IHI 0070 CMD_CFGI_STE_RANGE; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_CFGI_STE_RANGE")]
public partial struct CfgiSteRangeCommand
{
    /// <summary>Opcode; CMD_CFGI_STE_RANGE for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>StreamID the command applies to.</summary>
    [Bits(32, 63)] public partial uint StreamID { readonly get; set; }

    /// <summary>log2 of the number of StreamIDs, minus one (31: every StreamID).</summary>
    [Bits(64, 68)] public partial byte Range { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static CfgiSteRangeCommand Create() => new() { Opcode = CommandOpcode.CMD_CFGI_STE_RANGE };

    /// <summary>True for CMD_CFGI_ALL (Range = 31).</summary>
    public readonly bool IsAll => Range == 31;

    /// <summary>First StreamID of the invalidated block.</summary>
    public readonly uint FirstStreamId => (uint)(StreamID & ~BlockMask);

    /// <summary>Last StreamID of the invalidated block.</summary>
    public readonly uint LastStreamId => (uint)(StreamID | BlockMask);

    private readonly ulong BlockMask => (2UL << Range) - 1;

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_CFGI_STE_RANGE)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_CFGI_STE_RANGE (0x{(byte)CommandOpcode.CMD_CFGI_STE_RANGE:X2})"));
        }
    }
}
