namespace IommuLayouts.Emulator.Walkers.Vtd;

/// <summary>
/// Why a VT-d first-stage or second-stage walk did not translate. The device turns each into a legacy or
/// scalable-mode fault reason (QEMU hw/i386/intel_iommu.c vtd_iova_to_sspte / vtd_iova_to_fspte name the checks).
/// </summary>
public enum VtdWalkFault : byte
{
    /// <summary>The walk translated.</summary>
    None,

    /// <summary>Reading a paging entry below the root table failed (legacy 0x07, first stage 0x70, second stage 0x78).</summary>
    TableAccessError,

    /// <summary>Reading an entry of the root (top-level) table failed (legacy 0x03, first stage 0x73, second stage 0x7B).</summary>
    RootTableAccessError,

    /// <summary>A first-stage entry with P = 0 (0x71). Second-stage entries have no present bit: R = W = 0 is a permission fault.</summary>
    NotPresent,

    /// <summary>A reserved bit set in a paging entry (legacy 0x0C, first stage 0x72, second stage 0x7A).</summary>
    ReservedBitSet,

    /// <summary>The input address is at or above the table's address width (legacy 0x04, scalable 0x83; nested table address 0x74).</summary>
    AddressBeyondWidth,

    /// <summary>A first-stage input address that is not canonical for the paging mode (0x80).</summary>
    NonCanonical,

    /// <summary>A read without read permission (legacy 0x06, scalable 0x86).</summary>
    ReadDenied,

    /// <summary>A write without write permission (legacy 0x05, scalable 0x85).</summary>
    WriteDenied,

    /// <summary>An execute request without execute permission (0x82).</summary>
    ExecuteDenied,

    /// <summary>A user request reaching a first-stage entry with U/S = 0 (0x81).</summary>
    UserAccessToSupervisor,

    /// <summary>The accessed/dirty write-back to a paging entry failed (first stage 0x91).</summary>
    FlagUpdateFailed,
}
