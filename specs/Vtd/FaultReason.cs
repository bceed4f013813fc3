namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Every VT-d fault reason code (the FR field of a fault record): the legacy-mode codes 0x01..0x0E, the
/// interrupt-remapping codes 0x20..0x29 and the scalable-mode codes 0x30..0x91.
/// </summary>
/// <remarks>
/// <para>Codes and meanings were collected from Linux <c>dma_remap_fault_reasons</c>, <c>dma_remap_sm_fault_reasons</c>
/// and <c>irq_remap_fault_reasons</c> (drivers/iommu/intel/dmar.c), QEMU <c>enum VTDFaultReason</c>
/// (hw/i386/intel_iommu_internal.h) and VirtualBox <c>VTDADDRFAULT</c>/<c>VTDINTRFAULT</c> (include/VBox/iommu-intel.h),
/// whose condition ids (LRT.1, SPT.3 ...) are given for each code. Names are prefixed <c>Scalable</c> for the
/// scalable-mode codes. <see cref="FaultReasons.Describe(byte)"/> gives a one-line description.</para>
/// <para>Where the sources disagree (0x31, 0x0E, 0x91) the member documents both readings; specs/NOTES-vtd.md
/// records the choice. Four codes (0x33, 0x7D, 0x88, 0x89) exist only as VirtualBox condition ids: no source read
/// states their condition.</para>
/// </remarks>
public enum FaultReason : byte
{
    // ---- legacy mode -------------------------------------------------------------------------------------

    /// <summary>0x01 (LRT.2): the root entry of the request's bus is not present.</summary>
    RootEntryNotPresent = 0x01,

    /// <summary>0x02 (LCT.2): the context entry of the request's device is not present.</summary>
    ContextEntryNotPresent = 0x02,

    /// <summary>0x03 (LCT.4.x): the context entry is invalid: AW not supported by CAP.SAGAW, or a reserved or unsupported TT.</summary>
    ContextEntryInvalid = 0x03,

    /// <summary>0x04 (LGN.1.x): the input address is beyond the domain's address width (Linux "Access beyond MGAW").</summary>
    AddressBeyondMgaw = 0x04,

    /// <summary>0x05 (LGN.2): a write was blocked because a second-stage entry on the walk has W clear.</summary>
    WriteNotPermitted = 0x05,

    /// <summary>0x06 (LGN.3): a read was blocked because a second-stage entry on the walk has R clear.</summary>
    ReadNotPermitted = 0x06,

    /// <summary>0x07 (LSL.1): a second-stage paging entry could not be read (Linux "Next page table ptr is invalid").</summary>
    PagingEntryAccessError = 0x07,

    /// <summary>0x08 (LRT.1): the root entry could not be read (root-table address invalid).</summary>
    RootTableAccessError = 0x08,

    /// <summary>0x09 (LCT.1): the context entry could not be read (context-table pointer invalid).</summary>
    ContextTableAccessError = 0x09,

    /// <summary>0x0A (LRT.3): a present root entry has a reserved bit set.</summary>
    RootEntryReservedBitSet = 0x0A,

    /// <summary>0x0B (LCT.3): a present context entry has a reserved bit set.</summary>
    ContextEntryReservedBitSet = 0x0B,

    /// <summary>0x0C (LSL.2): a second-stage paging entry has a reserved bit set.</summary>
    PagingEntryReservedBitSet = 0x0C,

    /// <summary>0x0D (LCT.5): a translation request (ATS) arrived for a device whose context entry blocks translation requests.</summary>
    TranslationRequestBlocked = 0x0D,

    /// <summary>0x0E (LGN.4): the translated address falls in the interrupt address range 0xFEEx_xxxx (QEMU; Linux prints "Unknown").</summary>
    OutputInInterruptAddressRange = 0x0E,

    // ---- interrupt remapping -----------------------------------------------------------------------------

    /// <summary>0x20: a remappable interrupt request has a reserved field set.</summary>
    InterruptRequestReservedBitSet = 0x20,

    /// <summary>0x21: the interrupt index is beyond the interrupt-remapping table size.</summary>
    InterruptIndexOutOfRange = 0x21,

    /// <summary>0x22: the interrupt-remapping table entry (IRTE) is not present.</summary>
    IrteNotPresent = 0x22,

    /// <summary>0x23: the interrupt-remapping table named by IRTA_REG could not be read.</summary>
    InterruptRemappingTableAccessError = 0x23,

    /// <summary>0x24: a present IRTE has a reserved field set.</summary>
    IrteReservedBitSet = 0x24,

    /// <summary>0x25: a compatibility-format interrupt was blocked (CFIs disabled or extended interrupt mode on).</summary>
    CompatibilityFormatInterruptBlocked = 0x25,

    /// <summary>0x26: the request's source id failed the IRTE's source-id verification (SID/SQ/SVT).</summary>
    InterruptSourceIdVerificationFailed = 0x26,

    /// <summary>0x27: a posted-interrupt descriptor could not be read (VirtualBox only).</summary>
    PostedInterruptDescriptorAccessError = 0x27,

    /// <summary>0x28: a posted-interrupt descriptor has a reserved field set (VirtualBox only).</summary>
    PostedInterruptDescriptorReservedBitSet = 0x28,

    /// <summary>0x29: an untranslated interrupt request without PASID is invalid (VirtualBox only).</summary>
    InterruptRequestWithoutPasidInvalid = 0x29,

    // ---- scalable mode: root-table address (RTA) and root entry (SRT) --------------------------------------

    /// <summary>0x30 (RTA.1.x): the root-table address in RTADDR_REG is invalid.</summary>
    ScalableRootTableAddressInvalid = 0x30,

    /// <summary>0x31 (RTA.2): a request with PASID arrived while TTM selects legacy mode. QEMU names this code
    /// "invalid TTM in RTADDR" and uses it internally.</summary>
    ScalableRequestWithPasidInLegacyMode = 0x31,

    /// <summary>0x32 (RTA.3): a page request arrived while TTM selects legacy mode.</summary>
    ScalablePageRequestInLegacyMode = 0x32,

    /// <summary>0x33 (RTA.4): a root-table-address condition named only by VirtualBox; no source read states it.</summary>
    ScalableRootTableAddressCondition4 = 0x33,

    /// <summary>0x38 (SRT.1): the scalable-mode root entry could not be read.</summary>
    ScalableRootEntryAccessError = 0x38,

    /// <summary>0x39 (SRT.2): the scalable-mode root entry (the half for the devfn) is not present.</summary>
    ScalableRootEntryNotPresent = 0x39,

    /// <summary>0x3A (SRT.3): the scalable-mode root entry has a reserved bit set.</summary>
    ScalableRootEntryReservedBitSet = 0x3A,

    // ---- scalable mode: context entry (SCT) ---------------------------------------------------------------

    /// <summary>0x40 (SCT.1): the scalable-mode context entry could not be read.</summary>
    ScalableContextEntryAccessError = 0x40,

    /// <summary>0x41 (SCT.2): the scalable-mode context entry is not present.</summary>
    ScalableContextEntryNotPresent = 0x41,

    /// <summary>0x42 (SCT.3): the scalable-mode context entry has a reserved bit set.</summary>
    ScalableContextEntryReservedBitSet = 0x42,

    /// <summary>0x43 (SCT.4.x): the scalable-mode context entry is invalid.</summary>
    ScalableContextEntryInvalid = 0x43,

    /// <summary>0x44 (SCT.5): a translation request arrived while the context entry's DTE is clear.</summary>
    ScalableDeviceTlbDisabled = 0x44,

    /// <summary>0x45 (SCT.6): a request with PASID arrived while the context entry's PASIDE is clear.</summary>
    ScalablePasidDisabled = 0x45,

    /// <summary>0x46 (SCT.7): the PASID is beyond the directory size the context entry's PDTS allows.</summary>
    ScalablePasidBeyondDirectorySize = 0x46,

    /// <summary>0x47 (SCT.8): a page request arrived while the context entry's PRE is clear.</summary>
    ScalablePageRequestDisabled = 0x47,

    /// <summary>0x48 (SCT.9): the context entry's RID_PASID field is in error.</summary>
    ScalableRidPasidError = 0x48,

    // ---- scalable mode: PASID directory (SPD) and PASID table (SPT) ---------------------------------------

    /// <summary>0x50 (SPD.1): the PASID-directory entry could not be read.</summary>
    ScalablePasidDirectoryEntryAccessError = 0x50,

    /// <summary>0x51 (SPD.2): the PASID-directory entry is not present.</summary>
    ScalablePasidDirectoryEntryNotPresent = 0x51,

    /// <summary>0x52 (SPD.3): the PASID-directory entry has a reserved bit set.</summary>
    ScalablePasidDirectoryEntryReservedBitSet = 0x52,

    /// <summary>0x58 (SPT.1): the PASID-table entry could not be read (older QEMU used 0x58 for an invalid entry).</summary>
    ScalablePasidEntryAccessError = 0x58,

    /// <summary>0x59 (SPT.2): the PASID-table entry is not present.</summary>
    ScalablePasidEntryNotPresent = 0x59,

    /// <summary>0x5A (SPT.3): the PASID-table entry has a reserved field set (QEMU never raises it).</summary>
    ScalablePasidEntryReservedBitSet = 0x5A,

    /// <summary>0x5B (SPT.4.x): the PASID-table entry is invalid: reserved or unsupported PGTT, AW not in SAGAW, unsupported FSPM ...</summary>
    ScalablePasidEntryInvalid = 0x5B,

    /// <summary>0x5C (SPT.5): a request for execute permission arrived while the PASID entry's ERE is clear.</summary>
    ScalableExecuteRequestsDisabled = 0x5C,

    /// <summary>0x5D (SPT.6): a supervisor request arrived while the PASID entry's SRE is clear.</summary>
    ScalableSupervisorRequestsDisabled = 0x5D,

    // ---- scalable mode: first stage (SFL) ------------------------------------------------------------------

    /// <summary>0x70 (SFL.1): a first-stage paging entry below the root could not be read.</summary>
    ScalableFirstStagePagingEntryAccessError = 0x70,

    /// <summary>0x71 (SFL.2): a first-stage paging entry is not present.</summary>
    ScalableFirstStagePagingEntryNotPresent = 0x71,

    /// <summary>0x72 (SFL.3): a first-stage paging entry has a reserved bit set.</summary>
    ScalableFirstStagePagingEntryReservedBitSet = 0x72,

    /// <summary>0x73 (SFL.4): the first-stage root entry (PML5/PML4 at FSPTPTR) could not be read.</summary>
    ScalableFirstStageRootAccessError = 0x73,

    /// <summary>0x74 (SFL.5): nested translation: a first-stage table address is beyond the second stage's address width.</summary>
    ScalableNestedFirstStageAddressBeyondMgaw = 0x74,

    /// <summary>0x75 (SFL.6): nested translation: the second stage denies reading the first-stage root entry.</summary>
    ScalableNestedFirstStageRootReadDenied = 0x75,

    /// <summary>0x76 (SFL.7): nested translation: the second stage denies reading a first-stage paging entry.</summary>
    ScalableNestedFirstStageEntryReadDenied = 0x76,

    /// <summary>0x77 (SFL.8): nested translation: the second stage denies writing a first-stage paging entry (A/D update).</summary>
    ScalableNestedFirstStageEntryWriteDenied = 0x77,

    // ---- scalable mode: second stage (SSL) -----------------------------------------------------------------

    /// <summary>0x78 (SSL.1): a second-stage paging entry could not be read.</summary>
    ScalableSecondStagePagingEntryAccessError = 0x78,

    /// <summary>0x79 (SSL.2): a second-stage paging entry denies the read or write.</summary>
    ScalableSecondStagePermissionDenied = 0x79,

    /// <summary>0x7A (SSL.3): a second-stage paging entry has a reserved bit set.</summary>
    ScalableSecondStagePagingEntryReservedBitSet = 0x7A,

    /// <summary>0x7B (SSL.4): the second-stage table pointer is invalid.</summary>
    ScalableSecondStageTablePointerInvalid = 0x7B,

    /// <summary>0x7C (SSL.5): a second-stage A/D update is needed but the table is set up without snooping.</summary>
    ScalableSecondStageAccessedDirtyWithoutSnoop = 0x7C,

    /// <summary>0x7D (SSL.6): a second-stage condition named only by VirtualBox; no source read states it.</summary>
    ScalableSecondStageCondition6 = 0x7D,

    // ---- scalable mode: general (SGN) ----------------------------------------------------------------------

    /// <summary>0x80 (SGN.1): the input address is not canonical for the first-stage paging mode.</summary>
    ScalableNonCanonicalAddress = 0x80,

    /// <summary>0x81 (SGN.2): a user-privilege request reached a first-stage entry with U/S clear.</summary>
    ScalableUserAccessToSupervisorPage = 0x81,

    /// <summary>0x82 (SGN.3): a request with PASID asked for execute permission the translation does not give.</summary>
    ScalableExecuteDenied = 0x82,

    /// <summary>0x83 (SGN.4.x): the address is beyond what the remapping hardware supports.</summary>
    ScalableAddressBeyondHardwareLimit = 0x83,

    /// <summary>0x84 (SGN.5): an address in a second-stage entry is beyond the supported width.</summary>
    ScalableSecondStageAddressBeyondLimit = 0x84,

    /// <summary>0x85 (SGN.6): a write or atomic operation was denied write permission.</summary>
    ScalableWriteDenied = 0x85,

    /// <summary>0x86 (SGN.7): a read or atomic operation was denied read permission.</summary>
    ScalableReadDenied = 0x86,

    /// <summary>0x87 (SGN.8): the translated address falls in the interrupt address range (QEMU SM_INTERRUPT_ADDR).</summary>
    ScalableOutputInInterruptAddressRange = 0x87,

    /// <summary>0x88 (SGN.9): a general condition named only by VirtualBox; no source read states it.</summary>
    ScalableGeneralCondition9 = 0x88,

    /// <summary>0x89 (SGN.10): a general condition named only by VirtualBox; no source read states it.</summary>
    ScalableGeneralCondition10 = 0x89,

    /// <summary>0x90 (SFL.9): a first-stage A/D update is needed but the table is set up without snooping.</summary>
    ScalableFirstStageAccessedDirtyWithoutSnoop = 0x90,

    /// <summary>0x91 (SFL.10): writing a first-stage A/D flag back to memory failed (QEMU FS_BIT_UPDATE_FAILED; Linux prints "Unknown").</summary>
    ScalableFirstStageAccessedDirtyUpdateFailed = 0x91,
}
