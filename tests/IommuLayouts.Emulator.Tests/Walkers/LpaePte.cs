namespace IommuLayouts.Emulator.Tests.Walkers;

/// <summary>
/// VMSAv8-64 descriptor bits as Linux writes them, the independent source of the HTTU and dirty-tracking tests
/// (drivers/iommu/io-pgtable-arm.c: ARM_LPAE_PTE_AF BIT(10), ARM_LPAE_PTE_AP_RDONLY BIT(7), ARM_LPAE_PTE_AP_UNPRIV BIT(6),
/// ARM_LPAE_PTE_DBM BIT(51), ARM_LPAE_PTE_HAP_READ 1 &lt;&lt; 6, ARM_LPAE_PTE_HAP_WRITE 2 &lt;&lt; 6, ARM_LPAE_PTE_SH_IS 3 &lt;&lt; 8).
/// </summary>
internal static class LpaePte
{
    public const ulong Af = 1UL << 10;
    public const ulong ApRdonly = 1UL << 7;
    public const ulong ApUnpriv = 1UL << 6;
    public const ulong HapRead = 1UL << 6;
    public const ulong HapWrite = 2UL << 6;
    public const ulong Dbm = 1UL << 51;
    public const ulong ShIs = 3UL << 8;
}
