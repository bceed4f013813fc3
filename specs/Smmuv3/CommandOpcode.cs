namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// Command queue opcode (bits 7:0 of every command). Member names are the architected command names. An
/// opcode that is not a member is reported by <c>Validate()</c> (rule ENUM): the SMMU stops the queue with
/// CERROR_ILL for it.
/// </summary>
/// <remarks>
/// Linux arm-smmu-v3.h CMDQ_OP_* and QEMU smmuv3-internal.h SMMUCommandType. CMD_CFGI_ALL is not a separate
/// opcode: it is CMD_CFGI_STE_RANGE with Range = 31 (Linux CMDQ_OP_CFGI_ALL = 0x4). QEMU's enum gives
/// SMMU_CMD_CFGI_ALL the value 0x07 but never handles it; 0x07 is not a member here (see NOTES).
/// </remarks>
public enum CommandOpcode : byte
{
    /// <summary>Prefetch the configuration (STE, CD) of a stream.</summary>
    CMD_PREFETCH_CONFIG = 0x01,

    /// <summary>Prefetch translations for an address range of a stream.</summary>
    CMD_PREFETCH_ADDR = 0x02,

    /// <summary>Invalidate cached configuration of one StreamID.</summary>
    CMD_CFGI_STE = 0x03,

    /// <summary>Invalidate cached configuration of a naturally aligned StreamID range (Range = 31: CMD_CFGI_ALL).</summary>
    CMD_CFGI_STE_RANGE = 0x04,

    /// <summary>Invalidate one cached CD (StreamID, SubstreamID).</summary>
    CMD_CFGI_CD = 0x05,

    /// <summary>Invalidate every cached CD of a StreamID.</summary>
    CMD_CFGI_CD_ALL = 0x06,

    /// <summary>Invalidate every non-hypervisor (EL1) stage-1 TLB entry of a VMID.</summary>
    CMD_TLBI_NH_ALL = 0x10,

    /// <summary>Invalidate the EL1 stage-1 TLB entries of an ASID in a VMID.</summary>
    CMD_TLBI_NH_ASID = 0x11,

    /// <summary>Invalidate EL1 stage-1 TLB entries of an address (range) for an ASID.</summary>
    CMD_TLBI_NH_VA = 0x12,

    /// <summary>Invalidate EL1 stage-1 TLB entries of an address (range) for every ASID.</summary>
    CMD_TLBI_NH_VAA = 0x13,

    /// <summary>Invalidate every EL3 TLB entry (Secure).</summary>
    CMD_TLBI_EL3_ALL = 0x18,

    /// <summary>Invalidate EL3 TLB entries of an address (Secure).</summary>
    CMD_TLBI_EL3_VA = 0x1A,

    /// <summary>Invalidate every EL2 TLB entry.</summary>
    CMD_TLBI_EL2_ALL = 0x20,

    /// <summary>Invalidate the EL2-E2H TLB entries of an ASID.</summary>
    CMD_TLBI_EL2_ASID = 0x21,

    /// <summary>Invalidate EL2 TLB entries of an address (range) for an ASID.</summary>
    CMD_TLBI_EL2_VA = 0x22,

    /// <summary>Invalidate EL2 TLB entries of an address (range) for every ASID.</summary>
    CMD_TLBI_EL2_VAA = 0x23,

    /// <summary>Invalidate every stage-1 and stage-2 TLB entry of a VMID.</summary>
    CMD_TLBI_S12_VMALL = 0x28,

    /// <summary>Invalidate stage-2 TLB entries of an IPA (range) in a VMID.</summary>
    CMD_TLBI_S2_IPA = 0x2A,

    /// <summary>Invalidate every Non-secure non-hypervisor TLB entry, all VMIDs.</summary>
    CMD_TLBI_NSNH_ALL = 0x30,

    /// <summary>Invalidate a device's ATS translation cache (address range, or everything).</summary>
    CMD_ATC_INV = 0x40,

    /// <summary>Respond to a PRI page request group.</summary>
    CMD_PRI_RESP = 0x41,

    /// <summary>Resume (retry or terminate) a stalled transaction.</summary>
    CMD_RESUME = 0x44,

    /// <summary>Terminate every stalled transaction of a stream.</summary>
    CMD_STALL_TERM = 0x45,

    /// <summary>Wait until every earlier command has completed, optionally signalling it.</summary>
    CMD_SYNC = 0x46,
}
