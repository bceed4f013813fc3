namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// An interrupt message address in compatibility format: what a remapped interrupt is delivered as (QEMU
/// <c>vtd_generate_msi_message</c>), and what a compatibility-format request carries.
/// </summary>
/// <remarks>
/// Layout from QEMU hw/i386/intel_iommu_internal.h <c>VTD_MSIMessage</c> (__not_used:2, dest_mode:1, redir_hint:1,
/// __reserved:8, dest:8, __addr_head:12, __addr_hi:32 holding <c>dest &amp; 0xffffff00</c>). <see cref="Validate"/>
/// reports bits 4..11 and 32..39.
/// </remarks>
[BitLayout(64, Name = "vtd.msi-addr",
    Spec = "x86 MSI address in compatibility format; checked against QEMU hw/i386/intel_iommu_internal.h VTD_MSIMessage and vtd_generate_msi_message",
    Summary = "Interrupt message address, compatibility format")]
[Ignored(0, 1, Doc = "kept from the request (QEMU msi_addr_last_bits)")]
public partial struct CompatibilityInterruptAddress
{
    [Bit(2, Doc = "DM: destination mode, 0 physical, 1 logical")]
    public partial bool LogicalDestination { readonly get; set; }

    [Bit(3, Doc = "RH: redirection hint")]
    public partial bool RedirectionHint { readonly get; set; }

    [Bits(12, 19, Doc = "Destination id bits 7:0")]
    public partial byte DestinationLow { readonly get; set; }

    [Bits(20, 31, Doc = "0xFEE: the interrupt address range")]
    public partial ushort AddressHead { readonly get; set; }

    [Bits(40, 63, Doc = "Destination id bits 31:8 (x2APIC; QEMU __addr_hi = dest & 0xffffff00)")]
    public partial uint DestinationHigh { readonly get; set; }

    /// <summary>The 32-bit destination id.</summary>
    public uint Destination
    {
        readonly get => (DestinationHigh << 8) | DestinationLow;
        set
        {
            DestinationLow = (byte)value;
            DestinationHigh = value >> 8;
        }
    }
}
