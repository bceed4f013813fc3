namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_IDR0 (offset 0x00): which translation features the SMMU implements.</summary>
/// <remarks>An ID register: the emulator produces it, <c>Validate()</c> reports only RES0 bits.</remarks>
[BitLayout(32, Name = "smmuv3.idr0",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h IDR0_*; QEMU smmuv3-internal.h IDR0 (fields marked Q are QEMU-only)",
    Summary = "SMMUv3 IDR0 register")]
public partial struct Idr0
{
    /// <summary>Stage-2 translation supported.</summary>
    [Bit(0)] public partial bool S2P { readonly get; set; }

    /// <summary>Stage-1 translation supported.</summary>
    [Bit(1)] public partial bool S1P { readonly get; set; }

    /// <summary>Translation table formats: 2 AArch64, 3 AArch32 and AArch64.</summary>
    [Bits(2, 3)] public partial byte TTF { readonly get; set; }

    /// <summary>Coherent access to tables and queues.</summary>
    [Bit(4)] public partial bool COHACC { readonly get; set; }

    /// <summary>Broadcast TLB maintenance (QEMU IDR0.BTM).</summary>
    [Bit(5)] public partial bool BTM { readonly get; set; }

    /// <summary>Hardware table updates: 0 none, 1 access flag, 2 access flag and dirty state.</summary>
    [Bits(6, 7)] public partial byte HTTU { readonly get; set; }

    /// <summary>Dormant hint (QEMU IDR0.DORMHINT).</summary>
    [Bit(8)] public partial bool DORMHINT { readonly get; set; }

    /// <summary>EL2 (hypervisor) stream world supported.</summary>
    [Bit(9)] public partial bool HYP { readonly get; set; }

    /// <summary>PCIe ATS supported.</summary>
    [Bit(10)] public partial bool ATS { readonly get; set; }

    /// <summary>Split-stage ATS not supported (QEMU IDR0.NS1ATS).</summary>
    [Bit(11)] public partial bool NS1ATS { readonly get; set; }

    /// <summary>16-bit ASIDs (else 8-bit).</summary>
    [Bit(12)] public partial bool ASID16 { readonly get; set; }

    /// <summary>Message-signalled interrupts supported.</summary>
    [Bit(13)] public partial bool MSI { readonly get; set; }

    /// <summary>WFE wake-up events supported.</summary>
    [Bit(14)] public partial bool SEV { readonly get; set; }

    /// <summary>Address translation operations supported (QEMU IDR0.ATOS).</summary>
    [Bit(15)] public partial bool ATOS { readonly get; set; }

    /// <summary>PCIe PRI supported.</summary>
    [Bit(16)] public partial bool PRI { readonly get; set; }

    /// <summary>VMID wildcard matching supported (QEMU IDR0.VMW).</summary>
    [Bit(17)] public partial bool VMW { readonly get; set; }

    /// <summary>16-bit VMIDs (else 8-bit).</summary>
    [Bit(18)] public partial bool VMID16 { readonly get; set; }

    /// <summary>Two-level CD tables supported.</summary>
    [Bit(19)] public partial bool CD2L { readonly get; set; }

    /// <summary>Virtual ATOS page supported (QEMU IDR0.VATOS).</summary>
    [Bit(20)] public partial bool VATOS { readonly get; set; }

    /// <summary>Table endianness: 0 mixed, 2 little-endian only, 3 big-endian only.</summary>
    [Bits(21, 22)] public partial byte TTENDIAN { readonly get; set; }

    /// <summary>ATS recoverable errors (QEMU IDR0.ATSRECERR).</summary>
    [Bit(23)] public partial bool ATSRECERR { readonly get; set; }

    /// <summary>Stall model: 0 stall and terminate, 1 terminate only, 2 stall forced.</summary>
    [Bits(24, 25)] public partial byte STALL_MODEL { readonly get; set; }

    /// <summary>Terminated transactions always abort (CD.A must be 1) (QEMU IDR0.TERM_MODEL).</summary>
    [Bit(26)] public partial bool TERM_MODEL { readonly get; set; }

    /// <summary>Stream table levels: 0 linear only, 1 two-level supported.</summary>
    [Bits(27, 28)] public partial byte ST_LEVEL { readonly get; set; }

    /// <summary>Realm Management Extension implemented (QEMU IDR0.RME_IMPL).</summary>
    [Bit(30)] public partial bool RME_IMPL { readonly get; set; }
}
