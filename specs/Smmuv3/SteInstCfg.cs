namespace IommuLayouts.Specs.Smmuv3;

/// <summary>STE.INSTCFG (bits 115:114): overrides the instruction/data attribute (InD) of the stream's incoming reads.</summary>
/// <remarks>Arm IHI 0070 STE.INSTCFG; positions from Arm Trusted Firmware / EDK2 (STE_INSTCFG_SHIFT (114 - WRAP_1DW),
/// STE_INSTCFG_MASK 0x3) and the Qualcomm UEFI SMMUv3 HAL (g_ste_field_info INST_CFG {3, 18, 2}); neither Linux nor QEMU
/// defines it. A write is always a data access. 1 is reserved and behaves as 0; it is a member, so <c>Validate()</c>
/// does not report it.</remarks>
public enum SteInstCfg : byte
{
    /// <summary>The transaction's own attribute (TF-A and EDK2 write USE_INCOMING_ATTR = 0).</summary>
    UseIncoming = 0,

    /// <summary>Reserved: behaves as <see cref="UseIncoming"/>.</summary>
    Reserved1 = 1,

    /// <summary>Every read is a data read.</summary>
    Data = 2,

    /// <summary>Every read is an instruction fetch.</summary>
    Instruction = 3,
}
