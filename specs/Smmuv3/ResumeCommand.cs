using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_RESUME: retry or terminate a stalled transaction identified by StreamID and STAG.</summary>
/// <remarks>Linux CMDQ_RESUME_0_RESP is the 2-bit value AB:AC (TERM = 0, RETRY = 1, ABORT = 2); QEMU names the bits CMD_RESUME_AC (12) and CMD_RESUME_AB (13). Both bits are fields here, so every combination is a legal encoding. <c>Validate()</c> reports RES0 bits and an opcode other than CMD_RESUME (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.resume",
    Spec = "Arm IHI 0070 CMD_RESUME; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_RESUME")]
public partial struct ResumeCommand
{
    /// <summary>Opcode; CMD_RESUME for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>Action: retry the transaction (set) or terminate it (clear).</summary>
    [Bit(12)] public partial bool AC { readonly get; set; }

    /// <summary>Abort: a terminated transaction gets an abort (set) or RAZ/WI (clear).</summary>
    [Bit(13)] public partial bool AB { readonly get; set; }

    /// <summary>StreamID the command applies to.</summary>
    [Bits(32, 63)] public partial uint StreamID { readonly get; set; }

    /// <summary>Stall tag from the event record.</summary>
    [Bits(64, 79)] public partial ushort STAG { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static ResumeCommand Create() => new() { Opcode = CommandOpcode.CMD_RESUME };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_RESUME)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_RESUME (0x{(byte)CommandOpcode.CMD_RESUME:X2})"));
        }
    }
}
