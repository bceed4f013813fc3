namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// A posted-interrupt descriptor (PID, 64 bytes, 64-byte aligned) named by a posted IRTE: the 256-bit posted-interrupt
/// request bitmap (PIR), outstanding notification (ON), suppress notification (SN), and where the notification
/// event goes (NV to NDST).
/// </summary>
/// <remarks>
/// Layout from Linux arch/x86/include/asm/posted_intr.h <c>struct pi_desc</c> (<c>u32 pir[8]</c>; on:1, sn:1, rsvd_1:14,
/// nv:8, rsvd_2:8, ndst:32; <c>u32 rsvd[6]</c>), the descriptor VT-x and VT-d share. <see cref="Validate"/> reports the
/// reserved bits 258..271, 280..287 and 320..511 (VirtualBox fault 0x28).
/// </remarks>
[BitLayout(512, Name = "vtd.pid",
    Spec = "VT-d spec Posted Interrupt Descriptor; checked against Linux arch/x86/include/asm/posted_intr.h struct pi_desc and drivers/iommu/intel/irq_remapping.c",
    Summary = "Posted-interrupt descriptor")]
public partial struct PostedInterruptDescriptor
{
    [Bits(0, 63, Doc = "PIR[63:0]: posted-interrupt requests, one bit a vector")]
    public partial ulong Requests0 { readonly get; set; }

    [Bits(64, 127, Doc = "PIR[127:64]")]
    public partial ulong Requests1 { readonly get; set; }

    [Bits(128, 191, Doc = "PIR[191:128]")]
    public partial ulong Requests2 { readonly get; set; }

    [Bits(192, 255, Doc = "PIR[255:192]")]
    public partial ulong Requests3 { readonly get; set; }

    [Bit(256, Doc = "ON: outstanding notification, a notification event was sent and not yet processed")]
    public partial bool OutstandingNotification { readonly get; set; }

    [Bit(257, Doc = "SN: suppress notification for non-urgent interrupts")]
    public partial bool SuppressNotification { readonly get; set; }

    [Bits(272, 279, Doc = "NV: notification vector")]
    public partial byte NotificationVector { readonly get; set; }

    [Bits(288, 319, Doc = "NDST: notification destination (x2APIC id; xAPIC id in bits 15:8)")]
    public partial uint NotificationDestination { readonly get; set; }

    /// <summary>True when PIR bit <paramref name="vector"/> is set.</summary>
    public readonly bool IsRequested(byte vector) => ((RequestWord(vector >> 6) >> (vector & 63)) & 1) != 0;

    /// <summary>Sets PIR bit <paramref name="vector"/>.</summary>
    public void Request(byte vector)
    {
        var bit = 1UL << (vector & 63);
        switch (vector >> 6)
        {
            case 0: Requests0 |= bit; break;
            case 1: Requests1 |= bit; break;
            case 2: Requests2 |= bit; break;
            default: Requests3 |= bit; break;
        }
    }

    private readonly ulong RequestWord(int index) => index switch { 0 => Requests0, 1 => Requests1, 2 => Requests2, _ => Requests3 };
}
