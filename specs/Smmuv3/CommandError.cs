namespace IommuLayouts.Specs.Smmuv3;

/// <summary>CMDQ_CONS.ERR (bits 30:24): why the SMMU stopped consuming commands. Member names are the architected ones.</summary>
/// <remarks>Linux arm-smmu-v3.h CMDQ_ERR_CERROR_*_IDX; QEMU smmuv3-internal.h SMMUCmdError.</remarks>
public enum CommandError : byte
{
    /// <summary>No error.</summary>
    CERROR_NONE = 0,

    /// <summary>Illegal command: unknown opcode, RES0 bits set or a field value not allowed.</summary>
    CERROR_ILL = 1,

    /// <summary>Abort fetching the command from memory.</summary>
    CERROR_ABT = 2,

    /// <summary>An ATC invalidation before the CMD_SYNC timed out (Linux: "ATC invalidate timeout").</summary>
    CERROR_ATC_INV_SYNC = 3,
}
