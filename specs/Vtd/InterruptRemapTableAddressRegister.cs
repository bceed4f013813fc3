namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// IRTA_REG (offset 0xB8, 64 bits): base, size and x2APIC mode of the interrupt-remapping table, latched by
/// GCMD.SIRTP (GSTS.IRTPS reports the latch).
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports reserved bits 4..10. EIME needs ECAP.EIM (an emulator matter: QEMU
/// <c>vtd_handle_gcmd_sirtp</c> latches <c>intr_eime</c> only with EIM). Linux writes <c>table | IR_X2APIC_MODE(mode) |
/// INTR_REMAP_TABLE_REG_SIZE</c> (drivers/iommu/intel/irq_remapping.c <c>iommu_set_irq_remapping</c>, size 0xF: 65536 entries).
/// </remarks>
[BitLayout(64, Name = "vtd.irta",
    Spec = "VT-d spec Interrupt Remapping Table Address Register; checked against QEMU hw/i386/intel_iommu_internal.h VTD_IRTA_*, VirtualBox VTD_BF_IRTA_REG_*, Linux irq_remapping.c iommu_set_irq_remapping",
    Summary = "Interrupt-remapping table address register (0xB8)")]
public partial struct InterruptRemapTableAddressRegister
{
    [Bits(0, 3, Doc = "S: table size, 2^(S+1) entries of 16 bytes (QEMU VTD_IRTA_SIZE_MASK)")]
    public partial byte Size { readonly get; set; }

    [Bit(11, Doc = "EIME: extended interrupt mode enable, 32-bit x2APIC destination ids; compatibility-format interrupts are blocked (QEMU VTD_IRTA_EIME)")]
    public partial bool ExtendedInterruptMode { readonly get; set; }

    [Bits(12, 63, Doc = "IRTA: 4 KiB-aligned physical address of the interrupt-remapping table"), Address]
    public partial ulong TableAddress { readonly get; set; }

    /// <summary>Entries in the table: 2^(S+1) (QEMU <c>intr_size = 1UL &lt;&lt; ((val &amp; VTD_IRTA_SIZE_MASK) + 1)</c>).</summary>
    public readonly int EntryCount => 2 << Size;
}
