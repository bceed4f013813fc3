namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// Byte offsets of the SMMUv3 registers in register page 0 (Arm IHI 0070 §6.2 "Register map"; Linux
/// drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h <c>ARM_SMMU_*</c>; QEMU hw/arm/smmuv3-internal.h <c>REG32/REG64</c>).
/// Page 1 starts at <see cref="Page1"/> and holds EVENTQ_PROD/CONS (and PRIQ_PROD/CONS) at the same offsets as page 0
/// (Linux <c>arm_smmu_page1</c>, <c>ARM_SMMU_EVTQ_PROD = 0x100a8</c>).
/// </summary>
public static class Smmuv3RegisterMap
{
    /// <summary>SMMU_IDR0 (32-bit, read-only): features.</summary>
    public const ulong Idr0 = 0x00;

    /// <summary>SMMU_IDR1 (32-bit, read-only): table and queue sizes.</summary>
    public const ulong Idr1 = 0x04;

    /// <summary>SMMU_IDR2 (32-bit, read-only).</summary>
    public const ulong Idr2 = 0x08;

    /// <summary>SMMU_IDR3 (32-bit, read-only).</summary>
    public const ulong Idr3 = 0x0C;

    /// <summary>SMMU_IDR4 (32-bit, read-only, IMPLEMENTATION DEFINED).</summary>
    public const ulong Idr4 = 0x10;

    /// <summary>SMMU_IDR5 (32-bit, read-only): granules and output address size.</summary>
    public const ulong Idr5 = 0x14;

    /// <summary>SMMU_IIDR (32-bit, read-only): implementer and product.</summary>
    public const ulong Iidr = 0x18;

    /// <summary>SMMU_AIDR (32-bit, read-only): architecture revision.</summary>
    public const ulong Aidr = 0x1C;

    /// <summary>SMMU_CR0 (32-bit).</summary>
    public const ulong Cr0 = 0x20;

    /// <summary>SMMU_CR0ACK (32-bit, read-only).</summary>
    public const ulong Cr0Ack = 0x24;

    /// <summary>SMMU_CR1 (32-bit): table and queue memory attributes.</summary>
    public const ulong Cr1 = 0x28;

    /// <summary>SMMU_CR2 (32-bit).</summary>
    public const ulong Cr2 = 0x2C;

    /// <summary>SMMU_STATUSR (32-bit, read-only).</summary>
    public const ulong Statusr = 0x40;

    /// <summary>SMMU_GBPA (32-bit): global bypass attributes.</summary>
    public const ulong Gbpa = 0x44;

    /// <summary>SMMU_AGBPA (32-bit): alternate global bypass attributes.</summary>
    public const ulong Agbpa = 0x48;

    /// <summary>SMMU_IRQ_CTRL (32-bit).</summary>
    public const ulong IrqCtrl = 0x50;

    /// <summary>SMMU_IRQ_CTRLACK (32-bit, read-only).</summary>
    public const ulong IrqCtrlAck = 0x54;

    /// <summary>SMMU_GERROR (32-bit, read-only).</summary>
    public const ulong Gerror = 0x60;

    /// <summary>SMMU_GERRORN (32-bit).</summary>
    public const ulong Gerrorn = 0x64;

    /// <summary>SMMU_GERROR_IRQ_CFG0 (64-bit): MSI address.</summary>
    public const ulong GerrorIrqCfg0 = 0x68;

    /// <summary>SMMU_GERROR_IRQ_CFG1 (32-bit): MSI data.</summary>
    public const ulong GerrorIrqCfg1 = 0x70;

    /// <summary>SMMU_GERROR_IRQ_CFG2 (32-bit): MSI attributes.</summary>
    public const ulong GerrorIrqCfg2 = 0x74;

    /// <summary>SMMU_STRTAB_BASE (64-bit).</summary>
    public const ulong StrtabBase = 0x80;

    /// <summary>SMMU_STRTAB_BASE_CFG (32-bit).</summary>
    public const ulong StrtabBaseCfg = 0x88;

    /// <summary>SMMU_CMDQ_BASE (64-bit).</summary>
    public const ulong CmdqBase = 0x90;

    /// <summary>SMMU_CMDQ_PROD (32-bit).</summary>
    public const ulong CmdqProd = 0x98;

    /// <summary>SMMU_CMDQ_CONS (32-bit).</summary>
    public const ulong CmdqCons = 0x9C;

    /// <summary>SMMU_EVENTQ_BASE (64-bit).</summary>
    public const ulong EventqBase = 0xA0;

    /// <summary>SMMU_EVENTQ_PROD (32-bit; software uses the page-1 alias <see cref="Page1EventqProd"/>).</summary>
    public const ulong EventqProd = 0xA8;

    /// <summary>SMMU_EVENTQ_CONS (32-bit; software uses the page-1 alias <see cref="Page1EventqCons"/>).</summary>
    public const ulong EventqCons = 0xAC;

    /// <summary>SMMU_EVENTQ_IRQ_CFG0 (64-bit): MSI address.</summary>
    public const ulong EventqIrqCfg0 = 0xB0;

    /// <summary>SMMU_EVENTQ_IRQ_CFG1 (32-bit): MSI data.</summary>
    public const ulong EventqIrqCfg1 = 0xB8;

    /// <summary>SMMU_EVENTQ_IRQ_CFG2 (32-bit): MSI attributes.</summary>
    public const ulong EventqIrqCfg2 = 0xBC;

    /// <summary>SMMU_PRIQ_BASE (64-bit).</summary>
    public const ulong PriqBase = 0xC0;

    /// <summary>SMMU_PRIQ_PROD (32-bit).</summary>
    public const ulong PriqProd = 0xC8;

    /// <summary>SMMU_PRIQ_CONS (32-bit).</summary>
    public const ulong PriqCons = 0xCC;

    /// <summary>Start of register page 1 (64 KiB after page 0).</summary>
    public const ulong Page1 = 0x10000;

    /// <summary>SMMU_EVENTQ_PROD in page 1.</summary>
    public const ulong Page1EventqProd = Page1 + EventqProd;

    /// <summary>SMMU_EVENTQ_CONS in page 1.</summary>
    public const ulong Page1EventqCons = Page1 + EventqCons;
}
