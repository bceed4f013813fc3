namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_GERROR (offset 0x60) and SMMU_GERRORN (0x64): global error flags. An error is active while its GERROR and GERRORN bits differ.</summary>
/// <remarks><c>Validate()</c> reports RES0 bits. Software acknowledges by writing the GERROR value to GERRORN (Linux GERROR_ERR_MASK 0x1FD).</remarks>
[BitLayout(32, Name = "smmuv3.gerror",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h GERROR_*; QEMU smmuv3-internal.h GERROR",
    Summary = "SMMUv3 GERROR register")]
public partial struct Gerror
{
    /// <summary>Command queue error (CMDQ_CONS.ERR says which).</summary>
    [Bit(0)] public partial bool CMDQ_ERR { readonly get; set; }

    /// <summary>Event queue write aborted.</summary>
    [Bit(2)] public partial bool EVTQ_ABT_ERR { readonly get; set; }

    /// <summary>PRI queue write aborted.</summary>
    [Bit(3)] public partial bool PRIQ_ABT_ERR { readonly get; set; }

    /// <summary>CMD_SYNC MSI write aborted.</summary>
    [Bit(4)] public partial bool MSI_CMDQ_ABT_ERR { readonly get; set; }

    /// <summary>Event queue MSI write aborted.</summary>
    [Bit(5)] public partial bool MSI_EVTQ_ABT_ERR { readonly get; set; }

    /// <summary>PRI queue MSI write aborted.</summary>
    [Bit(6)] public partial bool MSI_PRIQ_ABT_ERR { readonly get; set; }

    /// <summary>GERROR MSI write aborted.</summary>
    [Bit(7)] public partial bool MSI_GERROR_ABT_ERR { readonly get; set; }

    /// <summary>The SMMU entered service failure mode.</summary>
    [Bit(8)] public partial bool SFM_ERR { readonly get; set; }
}
