namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_IRQ_CTRL (offset 0x50) and SMMU_IRQ_CTRLACK (0x54): interrupt enables.</summary>
/// <remarks><c>Validate()</c> reports RES0 bits.</remarks>
[BitLayout(32, Name = "smmuv3.irq-ctrl",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h IRQ_CTRL_*; QEMU smmuv3-internal.h IRQ_CTRL",
    Summary = "SMMUv3 IRQ_CTRL register")]
public partial struct IrqCtrl
{
    /// <summary>Global error interrupt enabled.</summary>
    [Bit(0)] public partial bool GERROR_IRQEN { readonly get; set; }

    /// <summary>PRI queue interrupt enabled.</summary>
    [Bit(1)] public partial bool PRIQ_IRQEN { readonly get; set; }

    /// <summary>Event queue interrupt enabled.</summary>
    [Bit(2)] public partial bool EVTQ_IRQEN { readonly get; set; }
}
