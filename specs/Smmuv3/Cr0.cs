namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_CR0 (offset 0x20) and SMMU_CR0ACK (0x24): enables of the SMMU and its queues.</summary>
/// <remarks><c>Validate()</c> reports RES0 bits. Software writes CR0 and polls CR0ACK until it reads the same value (Linux arm_smmu_write_reg_sync).</remarks>
[BitLayout(32, Name = "smmuv3.cr0",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h CR0_*; QEMU smmuv3-internal.h CR0",
    Summary = "SMMUv3 CR0 register")]
public partial struct Cr0
{
    /// <summary>Translation enabled (clear: GBPA decides bypass or abort).</summary>
    [Bit(0)] public partial bool SMMUEN { readonly get; set; }

    /// <summary>PRI queue enabled.</summary>
    [Bit(1)] public partial bool PRIQEN { readonly get; set; }

    /// <summary>Event queue enabled.</summary>
    [Bit(2)] public partial bool EVTQEN { readonly get; set; }

    /// <summary>Command queue enabled.</summary>
    [Bit(3)] public partial bool CMDQEN { readonly get; set; }

    /// <summary>ATS translated transactions are checked against the STE.</summary>
    [Bit(4)] public partial bool ATSCHK { readonly get; set; }

    /// <summary>VMID wildcard: low VMID bits ignored by TLB invalidation (QEMU keeps bits 6..9 in CR0ACK).</summary>
    [Bits(6, 8)] public partial byte VMW { readonly get; set; }
}
