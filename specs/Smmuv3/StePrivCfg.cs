namespace IommuLayouts.Specs.Smmuv3;

/// <summary>STE.PRIVCFG (bits 113:112): overrides the privilege (PnU) of the stream's incoming transactions.</summary>
/// <remarks>Arm IHI 0070 STE.PRIVCFG; positions from Arm Trusted Firmware / EDK2 (STE_PRIVCFG_SHIFT (112 - WRAP_1DW),
/// STE_PRIVCFG_MASK 0x3) and the Qualcomm UEFI SMMUv3 HAL (g_ste_field_info PRIV_CFG {3, 16, 2}); neither Linux nor QEMU
/// defines it. 1 is reserved and behaves as 0; it is a member, so <c>Validate()</c> does not report it.</remarks>
public enum StePrivCfg : byte
{
    /// <summary>The transaction's own privilege (TF-A and EDK2 write USE_INCOMING_ATTR = 0).</summary>
    UseIncoming = 0,

    /// <summary>Reserved: behaves as <see cref="UseIncoming"/>.</summary>
    Reserved1 = 1,

    /// <summary>Every transaction is unprivileged.</summary>
    Unprivileged = 2,

    /// <summary>Every transaction is privileged.</summary>
    Privileged = 3,
}
