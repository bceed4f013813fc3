namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// Why a walk faulted, finer than <see cref="WalkFaultKind"/>: VMSAv8-64 reports only the kind (F_TRANSLATION,
/// F_PERMISSION, ...), VT-d gives most of these their own fault reason (QEMU hw/i386/intel_iommu.c vtd_iova_to_fspte /
/// vtd_iova_to_sspte name the checks).
/// </summary>
public enum WalkFaultDetail : byte
{
    /// <summary>No detail beyond the kind (Address size, Access flag), or no fault.</summary>
    None,

    /// <summary>An invalid (VMSA V = 0) or not-present (VT-d first stage P = 0) entry. Kind: Translation.</summary>
    NotPresent,

    /// <summary>A reserved encoding: reserved bits set, a level-3 descriptor with type bit 0, a block where the granule allows none. Kind: Translation.</summary>
    ReservedEncoding,

    /// <summary>The input is outside the range the tables translate (TxSZ, T0SZ, AGAW). Kind: Translation.</summary>
    InputOutOfRange,

    /// <summary>A first-stage input that is not canonical for the paging mode (VT-d 0x80). Kind: Translation.</summary>
    NonCanonical,

    /// <summary>A read (or an execute checked as a read) without read permission. Kind: Permission.</summary>
    ReadDenied,

    /// <summary>A write without write permission. Kind: Permission.</summary>
    WriteDenied,

    /// <summary>An instruction fetch (execute request) without execute permission. Kind: Permission.</summary>
    ExecuteDenied,

    /// <summary>An unprivileged request reaching an entry only privileged software may use (VT-d U/S = 0, 0x81). Kind: Permission.</summary>
    PrivilegeDenied,

    /// <summary>Reading a table entry ended in an external abort. Kind: ExternalAbort.</summary>
    TableRead,

    /// <summary>The hardware update of an entry (Access flag, accessed/dirty) aborted, or kept losing its race. Kind: ExternalAbort.</summary>
    EntryUpdate,
}
