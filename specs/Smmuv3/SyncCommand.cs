using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMD_SYNC: complete every earlier command, then signal completion as CS says.</summary>
/// <remarks>Linux CMDQ_SYNC_* (MSI polling: MSIAddress points at the CMD_SYNC itself so the MSI write clears its first 4 bytes). <c>Validate()</c> reports RES0 bits and an opcode other than CMD_SYNC (rule CMD.OPCODE).</remarks>
[BitLayout(128, Name = "smmuv3.cmd.sync",
    Spec = "Arm IHI 0070 CMD_SYNC; Linux arm-smmu-v3.h CMDQ_*; QEMU smmuv3-internal.h CMD_*",
    Summary = "SMMUv3 CMD_SYNC")]
public partial struct SyncCommand
{
    /// <summary>Opcode; CMD_SYNC for this command.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }

    /// <summary>Completion signal.</summary>
    [Bits(12, 13)] public partial SyncCompletionSignal CS { readonly get; set; }

    /// <summary>Shareability of the MSI write: 0 non-shareable, 2 outer, 3 inner.</summary>
    [Bits(22, 23)] public partial byte MSH { readonly get; set; }

    /// <summary>Memory type of the MSI write (0xF: normal write-back, as Linux writes).</summary>
    [Bits(24, 27)] public partial byte MSIAttr { readonly get; set; }

    /// <summary>Data written by the completion MSI.</summary>
    [Bits(32, 63)] public partial uint MSIData { readonly get; set; }

    /// <summary>Address of the completion MSI, bits 51:2 (0: wired interrupt).</summary>
    [Bits(66, 115), Address] public partial ulong MSIAddress { readonly get; set; }

    /// <summary>A command with the opcode set and every other field zero.</summary>
    public static SyncCommand Create() => new() { Opcode = CommandOpcode.CMD_SYNC };

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Opcode != CommandOpcode.CMD_SYNC)
        {
            sink.Report("CMD.OPCODE", 0, 7, string.Create(CultureInfo.InvariantCulture, $"opcode 0x{(byte)Opcode:X2} is not CMD_SYNC (0x{(byte)CommandOpcode.CMD_SYNC:X2})"));
        }
    }
}
