using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_PREFETCH_ADDR: fetch the translations of an address range of a stream (or substream) into the TLB ahead of use.</summary>
/// <remarks>Linux CMDQ_PREFETCH_0_SID [63:32], CMDQ_PREFETCH_1_SIZE [4:0] (dword 1), CMDQ_PREFETCH_1_ADDR_MASK [63:12] (dword 1); SSV/SubstreamID as every substream command (Linux CMDQ_0_SSV, QEMU CMD_SSID). A prefetch is a hint: the emulator accepts a legal one and does nothing. The architecture's Stride and NS fields are in no source and are RES0 here (see NOTES). <c>Validate()</c> reports RES0 bits and an opcode other than CMD_PREFETCH_ADDR (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.prefetch-addr",
    Spec = "Arm IHI 0070 CMD_PREFETCH_ADDR; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_PREFETCH_ADDR")]
public partial struct PrefetchAddrCommand
{
    /// <summary>Opcode; CMD_PREFETCH_ADDR for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>SubstreamID valid.</summary>
    [Bit(11, Spec = "Linux CMDQ_0_SSV")] public partial bool SSV { readonly get; set; }

    /// <summary>SubstreamID (when SSV is set).</summary>
    [Bits(12, 31, Spec = "QEMU CMD_SSID")] public partial uint SubstreamID { readonly get; set; }

    /// <summary>StreamID the command applies to.</summary>
    [Bits(32, 63, Spec = "Linux CMDQ_PREFETCH_0_SID")] public partial uint StreamID { readonly get; set; }

    /// <summary>log2 of the number of bytes to prefetch from Addr (the range is 2^Size bytes).</summary>
    [Bits(64, 68, Spec = "Linux CMDQ_PREFETCH_1_SIZE")] public partial byte Size { readonly get; set; }

    /// <summary>Input address of the range, bits 63:12.</summary>
    [Bits(76, 127, Spec = "Linux CMDQ_PREFETCH_1_ADDR_MASK"), Address] public partial ulong Addr { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static PrefetchAddrCommand Create() => new() { Opcode = CommandOpcode.CMD_PREFETCH_ADDR };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_PREFETCH_ADDR)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_PREFETCH_ADDR (0x{(byte)CommandOpcode.CMD_PREFETCH_ADDR:X2})"));
        }
    }
}
