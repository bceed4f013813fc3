namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// A scalable-mode context entry (256 bits): one per devfn, found through a <see cref="ScalableRootEntry"/>.
/// It points to the device's PASID directory; translation is then chosen per PASID by a <see cref="PasidEntry"/>.
/// </summary>
/// <remarks>
/// <para><see cref="Validate"/> reports reserved bits (5..8, 85..255). No field has reserved encodings: PDTS takes
/// any value, RID_PASID any 20-bit PASID.</para>
/// <para>Checks that depend on the remapping unit belong to the emulator: PASIDDIRPTR above the host address width
/// (fault 0x42), RID_PRIV without ECAP.RPRIVS, DTE without ECAP.DT, PRE without ECAP.PRS; and the request-time
/// checks against DTE, PASIDE, PDTS and PRE (faults 0x44..0x47). QEMU ignores RID_PASID, PDTS, DTE and PASIDE
/// (requests without PASID always use PASID 0); Linux always writes RID_PASID = 0 (<c>IOMMU_NO_PASID</c>).</para>
/// <para>Used bits (<c>[LiveWhen]</c>, for the update planner): only P while P is clear, every field while it is set.</para>
/// <para>Bits 5..8 and the upper 128 bits are reserved in every source read (QEMU <c>RSVD_VAL0 = 0x1e0</c>,
/// <c>val[2] == 0 &amp;&amp; val[3] == 0</c>); a 2026 QEMU test patch names newer fields there (HPTE, EPTR) without bit
/// positions, which would make those bits ECAP-dependent in a later revision.</para>
/// </remarks>
[BitLayout(256, Name = "vtd.sm-context",
    Spec = "VT-d spec Scalable-Mode Context Entry (QEMU libqos: section 9.4); checked against Linux drivers/iommu/intel/iommu.h context_set_sm_*/context_pdts and pasid.c context_entry_set_pasid_table, QEMU VTD_SM_CONTEXT_ENTRY_*, VirtualBox VTD_BF_{0,1}_SM_CONTEXT_ENTRY_*",
    Summary = "Scalable-mode context entry: devfn -> PASID directory")]
[LiveWhen(nameof(Present))]
public partial struct ScalableContextEntry
{
    [Bit(0, Doc = "P: present; when clear a request from this device faults (0x41)")]
    public partial bool Present { readonly get; set; }

    [Bit(1, Doc = "FPD: fault processing disable for qualified faults of this device")]
    public partial bool FaultProcessingDisable { readonly get; set; }

    [Bit(2, Doc = "DTE: device-TLB enable; translation requests (ATS) are served only when set (Linux context_set_sm_dte)")]
    public partial bool DeviceTlbEnable { readonly get; set; }

    [Bit(3, Doc = "PASIDE: PASID enable; requests with PASID are served only when set (Linux CONTEXT_PASIDE)")]
    public partial bool PasidEnable { readonly get; set; }

    [Bit(4, Doc = "PRE: page-request enable; page requests are accepted only when set (Linux context_set_sm_pre; QEMU fault 0x47)")]
    public partial bool PageRequestEnable { readonly get; set; }

    [Bits(9, 11, Doc = "PDTS: PASID-directory size, 2^(PDTS+7) directory entries (Linux context_pdts)")]
    public partial byte PasidDirectorySize { readonly get; set; }

    [Bits(12, 63, Doc = "PASIDDIRPTR: 4 KiB-aligned physical address of the PASID directory"), Address]
    public partial ulong PasidDirectoryPointer { readonly get; set; }

    [Bits(64, 83, Doc = "RID_PASID: the PASID used for requests without PASID (Linux context_set_sm_rid2pasid; QEMU ignores it and uses 0)")]
    public partial uint RidPasid { readonly get; set; }

    [Bit(84, Doc = "RID_PRIV: privilege (supervisor) used for requests without PASID (VirtualBox only; needs ECAP.RPRIVS)")]
    public partial bool RidPrivilege { readonly get; set; }

    /// <summary>Number of entries in the PASID directory: 2^(PDTS + 7).</summary>
    public readonly int PasidDirectoryEntries => 1 << (PasidDirectorySize + 7);
}
