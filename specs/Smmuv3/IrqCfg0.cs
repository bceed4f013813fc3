namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_GERROR_IRQ_CFG0 (0x68), SMMU_EVENTQ_IRQ_CFG0 (0xB0) and SMMU_PRIQ_IRQ_CFG0 (0xD0), 64-bit: an interrupt's MSI target address.</summary>
/// <remarks><c>Validate()</c> reports RES0 bits (1:0 and 63:52). Linux writes <c>msg-&gt;address &amp; MSI_CFG0_ADDR_MASK</c> (GENMASK_ULL(51, 2)).</remarks>
[BitLayout(64, Name = "smmuv3.irq-cfg0",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h MSI_CFG0_ADDR_MASK; QEMU smmuv3-internal.h GERROR_IRQ_CFG0/EVENTQ_IRQ_CFG0",
    Summary = "SMMUv3 GERROR/EVENTQ/PRIQ IRQ_CFG0 register")]
public partial struct IrqCfg0
{
    /// <summary>MSI address, bits 51:2.</summary>
    [Bits(2, 51), Address] public partial ulong ADDR { readonly get; set; }
}
