namespace IommuLayouts.Specs.Vtd;

/// <summary>Interrupt message data in compatibility format: vector, delivery mode, level and trigger mode.</summary>
/// <remarks>Layout from QEMU hw/i386/intel_iommu_internal.h <c>VTD_MSIMessage</c> (vector:8, delivery_mode:3, __resved:3,
/// level:1, trigger_mode:1, __resved1:16). <see cref="Validate"/> reports bits 11..13 and 16..31.</remarks>
[BitLayout(32, Name = "vtd.msi-data",
    Spec = "x86 MSI data in compatibility format; checked against QEMU hw/i386/intel_iommu_internal.h VTD_MSIMessage and vtd_generate_msi_message",
    Summary = "Interrupt message data, compatibility format")]
public partial struct CompatibilityInterruptData
{
    [Bits(0, 7, Doc = "Vector")]
    public partial byte Vector { readonly get; set; }

    [Bits(8, 10, Doc = "Delivery mode (0 fixed, 1 lowest priority, 2 SMI, 4 NMI, 5 INIT, 7 ExtINT)")]
    public partial byte DeliveryMode { readonly get; set; }

    [Bit(14, Doc = "Level: 1 assert (QEMU sets it on every remapped message)")]
    public partial bool Assert { readonly get; set; }

    [Bit(15, Doc = "Trigger mode: 0 edge, 1 level")]
    public partial bool LevelTriggered { readonly get; set; }
}
