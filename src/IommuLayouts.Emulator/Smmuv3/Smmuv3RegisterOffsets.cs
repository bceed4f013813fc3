namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// Offsets of the SMMUv3 registers in page 0 (Arm IHI 0070 §6.2; Linux arm-smmu-v3.h ARM_SMMU_*). Page 1 starts at
/// <see cref="Page1"/> and holds EVENTQ_PROD/CONS (and PRIQ_PROD/CONS) at the same offsets as page 0.
/// </summary>
public static class Smmuv3RegisterOffsets
{
#pragma warning disable CS1591 // The names are the architected register names.
    public const ulong Idr0 = 0x00;
    public const ulong Idr1 = 0x04;
    public const ulong Idr2 = 0x08;
    public const ulong Idr3 = 0x0C;
    public const ulong Idr4 = 0x10;
    public const ulong Idr5 = 0x14;
    public const ulong Iidr = 0x18;
    public const ulong Aidr = 0x1C;
    public const ulong Cr0 = 0x20;
    public const ulong Cr0Ack = 0x24;
    public const ulong Cr1 = 0x28;
    public const ulong Cr2 = 0x2C;
    public const ulong Statusr = 0x40;
    public const ulong Gbpa = 0x44;
    public const ulong Agbpa = 0x48;
    public const ulong IrqCtrl = 0x50;
    public const ulong IrqCtrlAck = 0x54;
    public const ulong Gerror = 0x60;
    public const ulong Gerrorn = 0x64;
    public const ulong GerrorIrqCfg0 = 0x68;
    public const ulong GerrorIrqCfg1 = 0x70;
    public const ulong GerrorIrqCfg2 = 0x74;
    public const ulong StrtabBase = 0x80;
    public const ulong StrtabBaseCfg = 0x88;
    public const ulong CmdqBase = 0x90;
    public const ulong CmdqProd = 0x98;
    public const ulong CmdqCons = 0x9C;
    public const ulong EventqBase = 0xA0;
    public const ulong EventqProd = 0xA8;
    public const ulong EventqCons = 0xAC;
    public const ulong EventqIrqCfg0 = 0xB0;
    public const ulong EventqIrqCfg1 = 0xB8;
    public const ulong EventqIrqCfg2 = 0xBC;
    public const ulong PriqBase = 0xC0;
    public const ulong PriqProd = 0xC8;
    public const ulong PriqCons = 0xCC;
    public const ulong Page1 = 0x10000;
    public const ulong Page1EventqProd = Page1 + EventqProd;
    public const ulong Page1EventqCons = Page1 + EventqCons;
#pragma warning restore CS1591
}
