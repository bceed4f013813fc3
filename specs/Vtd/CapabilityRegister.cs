namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// CAP_REG (offset 0x08, 64 bits): what the remapping unit supports. The emulator checks entries against it
/// (AW against SAGAW, FSPM against FS5LP, large pages against SSLPS/FS1GP ...).
/// </summary>
/// <remarks>
/// <para><see cref="Validate"/> reports reserved bits 13..15, 38, 57..58. Bit 23 (Linux <c>cap_isoch</c>; VirtualBox
/// "deprecated, must be zero") and bit 61 (Linux <c>cap_ecmds</c>; VirtualBox reserved) are kept as fields so that
/// registers of hardware that sets them decode instead of failing.</para>
/// <para>Field names use the current first-stage / second-stage terms; FS1GP = FL1GP, FS5LP = FL5LP, SSLPS = SLLPS.</para>
/// </remarks>
[BitLayout(64, Name = "vtd.cap",
    Spec = "VT-d spec Capability Register; checked against Linux drivers/iommu/intel/iommu.h cap_*, QEMU VTD_CAP_*, VirtualBox VTD_BF_CAP_REG_*, EDK2 VTD_CAP_REG",
    Summary = "Capability register (0x08)")]
public partial struct CapabilityRegister
{
    [Bits(0, 2, Doc = "ND: number of domains, 2^(4 + 2*ND) domain ids")]
    public partial byte NumberOfDomains { readonly get; set; }

    [Bit(3, Doc = "AFL: advanced fault logging")]
    public partial bool AdvancedFaultLogging { readonly get; set; }

    [Bit(4, Doc = "RWBF: required write-buffer flushing")]
    public partial bool RequiredWriteBufferFlushing { readonly get; set; }

    [Bit(5, Doc = "PLMR: protected low-memory region")]
    public partial bool ProtectedLowMemoryRegion { readonly get; set; }

    [Bit(6, Doc = "PHMR: protected high-memory region")]
    public partial bool ProtectedHighMemoryRegion { readonly get; set; }

    [Bit(7, Doc = "CM: caching mode, not-present and faulting entries may be cached (software must invalidate after making entries present)")]
    public partial bool CachingMode { readonly get; set; }

    [Bits(8, 12, Doc = "SAGAW: supported adjusted guest address widths; bit n set = AW n supported (bit 1: 39-bit 3-level, bit 2: 48-bit 4-level, bit 3: 57-bit 5-level)")]
    public partial byte SupportedAdjustedGuestAddressWidths { readonly get; set; }

    [Bits(16, 21, Doc = "MGAW: maximum guest address width minus one")]
    public partial byte MaximumGuestAddressWidth { readonly get; set; }

    [Bit(22, Doc = "ZLR: zero-length reads are supported")]
    public partial bool ZeroLengthRead { readonly get; set; }

    [Bit(23, Doc = "Isoch (Linux cap_isoch); VirtualBox: deprecated, must be zero")]
    public partial bool Isoch { readonly get; set; }

    [Bits(24, 33, Doc = "FRO: fault-recording registers at offset FRO * 16")]
    public partial ushort FaultRecordingOffset { readonly get; set; }

    [Bits(34, 37, Doc = "SSLPS (SLLPS): second-stage large pages, bit 0 = 2 MiB, bit 1 = 1 GiB")]
    public partial byte SecondStageLargePageSupport { readonly get; set; }

    [Bit(39, Doc = "PSI: page-selective IOTLB invalidation")]
    public partial bool PageSelectiveInvalidation { readonly get; set; }

    [Bits(40, 47, Doc = "NFR: number of fault-recording registers minus one")]
    public partial byte NumberOfFaultRecordingRegisters { readonly get; set; }

    [Bits(48, 53, Doc = "MAMV: maximum address-mask value of a page-selective invalidation")]
    public partial byte MaximumAddressMaskValue { readonly get; set; }

    [Bit(54, Doc = "DWD: write draining")]
    public partial bool WriteDraining { readonly get; set; }

    [Bit(55, Doc = "DRD: read draining")]
    public partial bool ReadDraining { readonly get; set; }

    [Bit(56, Doc = "FS1GP (FL1GP): first-stage 1 GiB pages")]
    public partial bool FirstStage1GPages { readonly get; set; }

    [Bit(59, Doc = "PI: posted interrupts")]
    public partial bool PostedInterrupts { readonly get; set; }

    [Bit(60, Doc = "FS5LP (FL5LP): first-stage 5-level paging, needed by FSPM = FiveLevel")]
    public partial bool FirstStage5LevelPaging { readonly get; set; }

    [Bit(61, Doc = "ECMDS: enhanced command support (Linux cap_ecmds); VirtualBox: reserved")]
    public partial bool EnhancedCommandSupport { readonly get; set; }

    [Bit(62, Doc = "ESIRTPS: setting the interrupt-remapping table pointer also invalidates the interrupt-entry cache")]
    public partial bool EnhancedSetInterruptRootTablePointer { readonly get; set; }

    [Bit(63, Doc = "ESRTPS: setting the root-table pointer also invalidates the context, PASID and IOTLB caches")]
    public partial bool EnhancedSetRootTablePointer { readonly get; set; }

    /// <summary>True when CAP.SAGAW supports the adjusted guest address width <paramref name="aw"/> (an AW field value, 0..4).</summary>
    public readonly bool SupportsAddressWidth(int aw) => aw is >= 0 and <= 4 && (SupportedAdjustedGuestAddressWidths & (1 << aw)) != 0;
}
