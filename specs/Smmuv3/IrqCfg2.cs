namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_GERROR_IRQ_CFG2 (0x74), SMMU_EVENTQ_IRQ_CFG2 (0xBC) and SMMU_PRIQ_IRQ_CFG2 (0xDC): an MSI write's memory attributes.</summary>
/// <remarks><c>Validate()</c> reports RES0 bits. Linux writes <c>ARM_SMMU_MEMATTR_DEVICE_nGnRE</c> (0x1) into MSI_CFG2_MEMATTR (3:0).</remarks>
[BitLayout(32, Name = "smmuv3.irq-cfg2",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h MSI_CFG2_SH, MSI_CFG2_MEMATTR",
    Summary = "SMMUv3 GERROR/EVENTQ/PRIQ IRQ_CFG2 register")]
public partial struct IrqCfg2
{
    /// <summary>Memory type of the MSI write.</summary>
    [Bits(0, 3)] public partial byte MemAttr { readonly get; set; }

    /// <summary>Shareability of the MSI write.</summary>
    [Bits(4, 5)] public partial byte SH { readonly get; set; }
}
