namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// A scalable-mode root entry (128 bits), one per PCI bus. Scalable-mode context entries are 32 bytes, so a
/// 4 KiB context table holds only 128 of them: the lower half of the entry covers devfn 0x00..0x7F and the upper
/// half devfn 0x80..0xFF (index <c>devfn &amp; 0x7F</c>; Linux <c>iommu_context_addr</c>, QEMU
/// <c>vtd_get_context_entry_from_root</c>).
/// </summary>
/// <remarks>
/// <see cref="Validate"/> reports reserved bits 1..11 and 65..75. Pointers above the host address width are the
/// emulator's check (QEMU applies <c>0xffe | ~HAW</c> to both halves; fault 0x0A in QEMU, 0x3A architecturally).
/// </remarks>
[BitLayout(128, Name = "vtd.sm-root",
    Spec = "VT-d spec Scalable-Mode Root Entry (QEMU libqos: section 9.2); checked against VirtualBox include/VBox/iommu-intel.h VTD_BF_{0,1}_SM_ROOT_ENTRY_*, EDK2 Vtd.h VTD_EXT_ROOT_ENTRY",
    Summary = "Scalable-mode root entry: bus -> lower and upper context tables")]
public partial struct ScalableRootEntry
{
    /// <summary>
    /// Index of <paramref name="devfn"/>'s 32-byte entry in the context table its half points to: <c>devfn &amp; 0x7F</c>
    /// (Linux <c>iommu_context_addr</c> subtracts 0x80 for the upper half).
    /// </summary>
    public static int ContextIndex(byte devfn) => devfn & 0x7F;

    /// <summary>True when <paramref name="devfn"/> is served by the upper half (0x80..0xFF).</summary>
    public static bool UsesUpperHalf(byte devfn) => devfn >= 0x80;

    /// <summary>Whether the half that serves <paramref name="devfn"/> is present.</summary>
    public readonly bool IsPresentFor(byte devfn) => UsesUpperHalf(devfn) ? UpperPresent : LowerPresent;

    /// <summary>The context-table pointer of the half that serves <paramref name="devfn"/>.</summary>
    public readonly ulong ContextTablePointerFor(byte devfn) => UsesUpperHalf(devfn) ? UpperContextTablePointer : LowerContextTablePointer;

    [Bit(0, Doc = "LP: lower present (devfn 0x00..0x7F)")]
    public partial bool LowerPresent { readonly get; set; }

    [Bits(12, 63, Doc = "LCTP: lower context-table pointer, 4 KiB aligned, for devfn 0x00..0x7F"), Address]
    public partial ulong LowerContextTablePointer { readonly get; set; }

    [Bit(64, Doc = "UP: upper present (devfn 0x80..0xFF)")]
    public partial bool UpperPresent { readonly get; set; }

    [Bits(76, 127, Doc = "UCTP: upper context-table pointer, 4 KiB aligned, for devfn 0x80..0xFF (indexed by devfn & 0x7F)"), Address]
    public partial ulong UpperContextTablePointer { readonly get; set; }
}
