namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// ECAP_REG (offset 0x10, 64 bits): the extended capabilities of the remapping unit (scalable mode, PASID,
/// first/second-stage, nesting ...).
/// </summary>
/// <remarks>
/// <para><see cref="Validate"/> reports reserved bits 5, 18..19, 32, 50, 54..63. Bits that Linux decodes but
/// VirtualBox calls reserved or deprecated are kept as fields: 24 (old Linux <c>ecap_ecs</c>), 27
/// (<c>ecap_dis</c>), 28 (<c>ecap_broken_pasid</c>), 51 (<c>ecap_pms</c>).</para>
/// <para>Field names use the current terms: FSTS = FLTS, SSTS = SLTS, SSADS = SLADS.</para>
/// </remarks>
[BitLayout(64, Name = "vtd.ecap",
    Spec = "VT-d spec Extended Capability Register; checked against Linux drivers/iommu/intel/iommu.h ecap_*, QEMU VTD_ECAP_*, VirtualBox VTD_BF_ECAP_REG_*, EDK2 VTD_ECAP_REG",
    Summary = "Extended capability register (0x10)")]
public partial struct ExtendedCapabilityRegister
{
    [Bit(0, Doc = "C: page-walk coherency, table reads snoop the CPU caches")]
    public partial bool Coherent { readonly get; set; }

    [Bit(1, Doc = "QI: queued invalidation")]
    public partial bool QueuedInvalidation { readonly get; set; }

    [Bit(2, Doc = "DT: device-TLB (ATS) support")]
    public partial bool DeviceTlb { readonly get; set; }

    [Bit(3, Doc = "IR: interrupt remapping")]
    public partial bool InterruptRemapping { readonly get; set; }

    [Bit(4, Doc = "EIM: extended interrupt mode (x2APIC)")]
    public partial bool ExtendedInterruptMode { readonly get; set; }

    [Bit(6, Doc = "PT: pass-through translation")]
    public partial bool PassThrough { readonly get; set; }

    [Bit(7, Doc = "SC: snoop control")]
    public partial bool SnoopControl { readonly get; set; }

    [Bits(8, 17, Doc = "IRO: IOTLB registers (IVA_REG, IOTLB_REG) at offset IRO * 16")]
    public partial ushort IotlbRegisterOffset { readonly get; set; }

    [Bits(20, 23, Doc = "MHMV: maximum handle-mask value of an interrupt-entry-cache invalidation")]
    public partial byte MaximumHandleMaskValue { readonly get; set; }

    [Bit(24, Doc = "ECS: extended-context support of the pre-scalable-mode specification (old Linux ecap_ecs); VirtualBox: deprecated")]
    public partial bool ExtendedContextSupport { readonly get; set; }

    [Bit(25, Doc = "MTS: memory-type support")]
    public partial bool MemoryTypeSupport { readonly get; set; }

    [Bit(26, Doc = "NEST: nested translation (PGTT = Nested)")]
    public partial bool Nested { readonly get; set; }

    [Bit(27, Doc = "DIS: deferred invalidate (Linux ecap_dis); VirtualBox: reserved")]
    public partial bool DeferredInvalidate { readonly get; set; }

    [Bit(28, Doc = "Linux ecap_broken_pasid; VirtualBox: deprecated")]
    public partial bool BrokenPasid { readonly get; set; }

    [Bit(29, Doc = "PRS: page requests")]
    public partial bool PageRequests { readonly get; set; }

    [Bit(30, Doc = "ERS: execute requests")]
    public partial bool ExecuteRequests { readonly get; set; }

    [Bit(31, Doc = "SRS: supervisor requests, needed by the PASID entry's SRE")]
    public partial bool SupervisorRequests { readonly get; set; }

    [Bit(33, Doc = "NWFS: no-write flag")]
    public partial bool NoWriteFlag { readonly get; set; }

    [Bit(34, Doc = "EAFS: extended accessed flag, needed by the PASID entry's EAFE")]
    public partial bool ExtendedAccessedFlag { readonly get; set; }

    [Bits(35, 39, Doc = "PSS: PASID size supported, PASIDs are PSS + 1 bits wide")]
    public partial byte PasidSizeSupported { readonly get; set; }

    [Bit(40, Doc = "PASID: process address-space ids")]
    public partial bool Pasid { readonly get; set; }

    [Bit(41, Doc = "DIT: device-TLB invalidation throttle")]
    public partial bool DeviceTlbInvalidationThrottle { readonly get; set; }

    [Bit(42, Doc = "PDS: page-request drain (the wait descriptor's PD)")]
    public partial bool PageRequestDrain { readonly get; set; }

    [Bit(43, Doc = "SMTS: scalable-mode translation")]
    public partial bool ScalableMode { readonly get; set; }

    [Bit(44, Doc = "VCS: virtual command")]
    public partial bool VirtualCommand { readonly get; set; }

    [Bit(45, Doc = "SSADS (SLADS): second-stage accessed/dirty, needed by SSADE")]
    public partial bool SecondStageAccessedDirty { readonly get; set; }

    [Bit(46, Doc = "SSTS (SLTS): second-stage translation, needed by PGTT = SecondStage or Nested")]
    public partial bool SecondStageTranslation { readonly get; set; }

    [Bit(47, Doc = "FSTS (FLTS): first-stage translation, needed by PGTT = FirstStage or Nested")]
    public partial bool FirstStageTranslation { readonly get; set; }

    [Bit(48, Doc = "SMPWC: scalable-mode page-walk coherency")]
    public partial bool ScalableModePageWalkCoherency { readonly get; set; }

    [Bit(49, Doc = "RPS: RID_PASID support")]
    public partial bool RidPasid { readonly get; set; }

    [Bit(51, Doc = "PMS: performance monitoring (Linux ecap_pms); VirtualBox: reserved")]
    public partial bool PerformanceMonitoring { readonly get; set; }

    [Bit(52, Doc = "ADMS: abort-DMA mode (RTADDR.TTM = AbortDma)")]
    public partial bool AbortDmaMode { readonly get; set; }

    [Bit(53, Doc = "RPRIVS: RID_PRIV support")]
    public partial bool RidPrivilege { readonly get; set; }

    /// <summary>Byte offset of IVA_REG in the register file (IRO * 16); IOTLB_REG follows at + 8.</summary>
    public readonly int IotlbRegisterByteOffset => IotlbRegisterOffset * 16;
}
