namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// Any 16-byte command queue entry, for dispatch: only the opcode is decoded, the rest is left to the
/// command's own layout (<see cref="CfgiSteCommand"/>, <see cref="SyncCommand"/>, ...), which also reports the
/// command's RES0 bits.
/// </summary>
/// <remarks><c>Validate()</c> reports an opcode that is not a <see cref="CommandOpcode"/> member (rule ENUM), the
/// condition under which the SMMU raises CERROR_ILL before looking at any other field.</remarks>
[BitLayout(128, Name = "smmuv3.cmd",
    Spec = "Arm IHI 0070 command queue; Linux arm-smmu-v3.h CMDQ_0_OP; QEMU smmuv3-internal.h CMD_TYPE",
    Summary = "SMMUv3 command (opcode only, for dispatch)")]
[Ignored(8, 127, Doc = "command-specific fields: decode with the command's own layout")]
public partial struct Command
{
    /// <summary>Which command this is.</summary>
    [Bits(0, 7)] public partial CommandOpcode Opcode { readonly get; set; }
}
