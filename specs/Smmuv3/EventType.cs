namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// Event record type (EVENT.EventID, bits 7:0). Member names are the architected event names, so scenario
/// files and traces say <c>F_TRANSLATION</c> as the specification and both drivers do.
/// </summary>
/// <remarks>
/// Codes from Linux arm-smmu-v3.h EVT_ID_* and QEMU smmuv3-internal.h SMMUEventType. Each side lacks some:
/// F_UUT, F_BAD_ATS_TREQ, F_TRANSL_FORBIDDEN (QEMU F_TRANS_FORBIDDEN), F_WALK_EABT, F_TLB_CONFLICT,
/// F_CFG_CONFLICT and E_PAGE_REQUEST (QEMU E_PAGE_REQ) are QEMU-only; F_VMS_FETCH is Linux-only.
/// </remarks>
public enum EventType : byte
{
    /// <summary>Unsupported upstream transaction.</summary>
    F_UUT = 0x01,

    /// <summary>StreamID out of range of the stream table, or its L1STD is invalid.</summary>
    C_BAD_STREAMID = 0x02,

    /// <summary>External abort or error fetching an STE or L1STD (FetchAddr = the address fetched).</summary>
    F_STE_FETCH = 0x03,

    /// <summary>The STE is invalid (V clear) or ILLEGAL.</summary>
    C_BAD_STE = 0x04,

    /// <summary>ATS translation request received while not allowed.</summary>
    F_BAD_ATS_TREQ = 0x05,

    /// <summary>Transaction on a stream whose STE is not usable because the stream is disabled.</summary>
    F_STREAM_DISABLED = 0x06,

    /// <summary>Translated (ATS) transaction not permitted for the stream.</summary>
    F_TRANSL_FORBIDDEN = 0x07,

    /// <summary>SubstreamID out of range of the CD table, or its L1CD is invalid.</summary>
    C_BAD_SUBSTREAMID = 0x08,

    /// <summary>External abort or error fetching a CD or L1CD (FetchAddr = the address fetched).</summary>
    F_CD_FETCH = 0x09,

    /// <summary>The CD is invalid (V clear) or ILLEGAL.</summary>
    C_BAD_CD = 0x0A,

    /// <summary>External abort on a translation table walk (FetchAddr = the descriptor's address).</summary>
    F_WALK_EABT = 0x0B,

    /// <summary>Translation fault: no valid descriptor maps the address.</summary>
    F_TRANSLATION = 0x10,

    /// <summary>Address size fault: an input or output address beyond the configured size.</summary>
    F_ADDR_SIZE = 0x11,

    /// <summary>Access flag fault: the descriptor's AF is clear and hardware update is off.</summary>
    F_ACCESS = 0x12,

    /// <summary>Permission fault.</summary>
    F_PERMISSION = 0x13,

    /// <summary>TLB conflict: more than one TLB entry matches.</summary>
    F_TLB_CONFLICT = 0x20,

    /// <summary>Configuration cache conflict.</summary>
    F_CFG_CONFLICT = 0x21,

    /// <summary>Page request (stall-model PRI-like request).</summary>
    E_PAGE_REQUEST = 0x24,

    /// <summary>External abort fetching a virtual machine structure (FetchAddr = the address fetched).</summary>
    F_VMS_FETCH = 0x25,
}
