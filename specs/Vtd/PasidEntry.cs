using System.Globalization;

namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// A scalable-mode PASID table entry (512 bits, read as eight little-endian 64-bit words). It selects, for one
/// PASID of one device, the translation type (PGTT), the first-stage table (FSPTPTR, FSPM, SRE, WPE, EAFE ...),
/// the second-stage table (SSPTPTR, AW, SSADE ...) and the domain (DID).
/// </summary>
/// <remarks>
/// <para>Field names follow the current specification's first-stage / second-stage terms; each Doc gives the older
/// first-level / second-level name (FSPTPTR = FLPTPTR, FSPM = FLPM, SSPTPTR = SLPTPTR, SSADE = SLADE, SSEE = SLEE).</para>
/// <para><see cref="Validate"/> reports what is illegal in the entry on its own, the conditions Linux reports as fault
/// 0x5A ("non-zero reserved field") and 0x5B ("invalid entry") and QEMU never checks:</para>
/// <list type="bullet">
/// <item>RES0 bits set, whatever P says: 10..11, 80..86, 136..139 (VirtualBox's reserved sets) and 192..511, where no
/// source defines a field (Linux clears all eight words, QEMU's test calls words 3..7 reserved).</item>
/// <item>For a present entry only (a non-present entry is never interpreted: fault 0x59 comes first):
/// <c>PASID.PGTT</c>, a reserved PGTT encoding (0, 5, 6, 7); <c>PASID.FSPM</c>, a reserved FSPM encoding (2, 3) when
/// PGTT uses the first stage (FirstStage or Nested).</item>
/// </list>
/// <para>PGTT and FSPM are enum-typed with <c>CheckEnum = false</c>, so that a cleared entry (PGTT = 0) validates: their
/// reserved encodings are reported only for a present entry (and FSPM only when PGTT uses the first stage), below.</para>
/// <para>Used bits (<c>[LiveWhen]</c>/<c>[UsedWhen]</c>, for the update planner): nothing but P while P is clear; the
/// second-stage fields (AW, SSEE, SSADE, SSPTPTR) for PGTT SecondStage or Nested; the first-stage fields (FSPTPTR, FSPM,
/// WPE, NXE, SMEP, EAFE, ERE, PWT, PCD, PAT) for FirstStage or Nested; PWSNP for any PGTT that walks a table; FPD, DID,
/// PGSNP, SRE, CD, EMTE and EMT whenever P is set (the conservative reading where the sources do not say).</para>
/// <para>Checks that depend on the remapping unit belong to the emulator: AW against CAP.SAGAW (SecondStage and
/// Nested), SSPTPTR and FSPTPTR above the host address width, PGTT against ECAP.FSTS/SSTS/NEST/PT, FiveLevel
/// against CAP.FS5LP, SRE against ECAP.SRS, ERE against ECAP.ERS, EAFE against ECAP.EAFS, SSADE against
/// ECAP.SSADS, SSEE against ECAP (second-stage execute), CD/EMTE/EMT/PWT/PCD/PAT against ECAP.MTS, PGSNP/PWSNP
/// against ECAP.SC/SMPWC.</para>
/// </remarks>
[BitLayout(512, Name = "vtd.pasid",
    Spec = "VT-d spec Scalable-Mode PASID Table Entry (QEMU libqos: section 9.6); checked against Linux drivers/iommu/intel/pasid.h pasid_set_* (bit comments) and pasid.c pasid_pte_config_*, QEMU hw/i386/intel_iommu_internal.h VTD_SM_PASID_ENTRY_*, VirtualBox include/VBox/iommu-intel.h VTD_BF_{0,1,2}_SM_PASID_TBL_ENTRY_*",
    Summary = "Scalable-mode PASID table entry: PASID -> first/second-stage tables")]
[LiveWhen(nameof(Present))]
public partial struct PasidEntry
{
    /// <summary>Entries in one 4 KiB PASID table.</summary>
    public const int EntriesPerTable = 64;

    /// <summary>Index of the PASID-table entry for <paramref name="pasid"/>: PASID[5:0] (QEMU <c>VTD_PASID_TABLE_INDEX</c>).</summary>
    public static int IndexOf(uint pasid) => (int)(pasid & 0x3F);

    // ---- word 0 -------------------------------------------------------------------------------------------

    [Bit(0, Doc = "P: present; when clear a request with this PASID faults (0x59) (Linux pasid_set_present)")]
    public partial bool Present { readonly get; set; }

    [Bit(1, Doc = "FPD: fault processing disable for qualified faults of this PASID (Linux pasid_set_fault_enable clears it)")]
    public partial bool FaultProcessingDisable { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.SecondStage, PasidGranularTranslationType.Nested)]
    [Bits(2, 4, Doc = "AW: adjusted guest address width of the second-stage table: 30 + 9*AW bits, AW + 2 levels (Linux pasid_set_address_width)")]
    public partial byte AddressWidth { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.SecondStage, PasidGranularTranslationType.Nested)]
    [Bit(5, Doc = "SSEE (SLEE, second-level execute enable): second-stage execute permission is honoured (VirtualBox only)")]
    public partial bool SecondStageExecuteEnable { readonly get; set; }

    [Bits(6, 8, CheckEnum = false, Doc = "PGTT: PASID-granular translation type, a PasidGranularTranslationType: 1 FirstStage, 2 SecondStage, 3 Nested, 4 PassThrough; 0 and 5..7 reserved (rule PASID.PGTT when P=1)")]
    public partial PasidGranularTranslationType Pgtt { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.SecondStage, PasidGranularTranslationType.Nested)]
    [Bit(9, Doc = "SSADE (SLADE, second-level accessed/dirty enable): second-stage A/D flags are updated (Linux pasid_set_ssade)")]
    public partial bool SecondStageAccessedDirtyEnable { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.SecondStage, PasidGranularTranslationType.Nested)]
    [Bits(12, 63, Doc = "SSPTPTR (SLPTPTR, second-level page-table pointer): 4 KiB-aligned root of the second-stage table (Linux pasid_set_slptr)"), Address]
    public partial ulong SecondStagePageTablePointer { readonly get; set; }

    // ---- word 1 -------------------------------------------------------------------------------------------

    [Bits(64, 79, Doc = "DID: domain identifier, the tag of this PASID's IOTLB entries (Linux pasid_set_domain_id, 'Bit 64~79')")]
    public partial ushort DomainId { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.FirstStage, PasidGranularTranslationType.SecondStage, PasidGranularTranslationType.Nested)]
    [Bit(87, Doc = "PWSNP: page-walk snoop, table reads snoop the CPU caches (Linux pasid_set_page_snoop, 'Bit 87')")]
    public partial bool PageWalkSnoop { readonly get; set; }

    [Bit(88, Doc = "PGSNP: page snoop, every access through this entry snoops (Linux pasid_set_pgsnp, 'Bit 88')")]
    public partial bool PageSnoop { readonly get; set; }

    [Bit(89, Doc = "CD: cache disable (VirtualBox; LKML nested-helper patch 'Bit 89')")]
    public partial bool CacheDisable { readonly get; set; }

    [Bit(90, Doc = "EMTE: extended memory type enable, EMT is used (VirtualBox; LKML 'Bit 90')")]
    public partial bool ExtendedMemoryTypeEnable { readonly get; set; }

    [Bits(91, 93, Doc = "EMT: extended memory type (VirtualBox; LKML 'Bits 91-93')")]
    public partial byte ExtendedMemoryType { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.FirstStage, PasidGranularTranslationType.Nested)]
    [Bit(94, Doc = "PWT: page-level write-through for the first-stage root (VirtualBox; LKML 'Bit 94')")]
    public partial bool PageWriteThrough { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.FirstStage, PasidGranularTranslationType.Nested)]
    [Bit(95, Doc = "PCD: page-level cache disable for the first-stage root (VirtualBox; LKML 'Bit 95')")]
    public partial bool PageCacheDisable { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.FirstStage, PasidGranularTranslationType.Nested)]
    [Bits(96, 127, Doc = "PAT: page-attribute table, eight memory types, for first-stage memory typing (VirtualBox; LKML 'Bits 96-127')")]
    public partial uint PageAttributeTable { readonly get; set; }

    // ---- word 2 -------------------------------------------------------------------------------------------

    [Bit(128, Doc = "SRE: supervisor request enable, requests with supervisor privilege are allowed (Linux pasid_set_sre, 'Bit 128')")]
    public partial bool SupervisorRequestEnable { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.FirstStage, PasidGranularTranslationType.Nested)]
    [Bit(129, Doc = "ERE: execute request enable, requests for execute permission are allowed (VirtualBox)")]
    public partial bool ExecuteRequestEnable { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.FirstStage, PasidGranularTranslationType.Nested)]
    [Bits(130, 131, CheckEnum = false, Doc = "FSPM (FLPM, first-level paging mode): a FirstStagePagingMode, 0 FourLevel, 1 FiveLevel; 2..3 reserved (rule PASID.FSPM when P=1 and PGTT uses the first stage) (Linux pasid_set_flpm)")]
    public partial FirstStagePagingMode Fspm { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.FirstStage, PasidGranularTranslationType.Nested)]
    [Bit(132, Doc = "WPE: write-protect enable, supervisor writes honour read-only first-stage entries (Linux pasid_set_wpe, 'Bit 132')")]
    public partial bool WriteProtectEnable { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.FirstStage, PasidGranularTranslationType.Nested)]
    [Bit(133, Doc = "NXE: no-execute enable, first-stage XD is honoured (Linux 5.x pasid_set_nxe, VirtualBox)")]
    public partial bool NoExecuteEnable { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.FirstStage, PasidGranularTranslationType.Nested)]
    [Bit(134, Doc = "SMEP: supervisor-mode execute prevention for first-stage user pages (VirtualBox SMPE)")]
    public partial bool SupervisorModeExecutePrevention { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.FirstStage, PasidGranularTranslationType.Nested)]
    [Bit(135, Doc = "EAFE: extended accessed-flag enable, first-stage EA flags are updated (Linux pasid_set_eafe, 'Bit 135')")]
    public partial bool ExtendedAccessedFlagEnable { readonly get; set; }

    [UsedWhen(nameof(Pgtt), PasidGranularTranslationType.FirstStage, PasidGranularTranslationType.Nested)]
    [Bits(140, 191, Doc = "FSPTPTR (FLPTPTR, first-level page-table pointer): 4 KiB-aligned root of the first-stage table; guest-physical when PGTT is Nested (Linux pasid_set_flptr, 'Bit 140~191')"), Address]
    public partial ulong FirstStagePageTablePointer { readonly get; set; }

    /// <summary>Another name of <see cref="Pgtt"/> (kept for callers written when PGTT was stored raw).</summary>
    public PasidGranularTranslationType TranslationType
    {
        readonly get => Pgtt;
        set => Pgtt = value;
    }

    /// <summary>Another name of <see cref="Fspm"/> (kept for callers written when FSPM was stored raw).</summary>
    public FirstStagePagingMode FirstStagePagingMode
    {
        readonly get => Fspm;
        set => Fspm = value;
    }

    /// <summary>True when PGTT names a translation that walks a first-stage table (FirstStage or Nested).</summary>
    public readonly bool UsesFirstStage => Pgtt is PasidGranularTranslationType.FirstStage or PasidGranularTranslationType.Nested;

    /// <summary>True when PGTT names a translation that walks a second-stage table (SecondStage or Nested).</summary>
    public readonly bool UsesSecondStage => Pgtt is PasidGranularTranslationType.SecondStage or PasidGranularTranslationType.Nested;

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        // A non-present entry is never interpreted: the walk stops with fault 0x59 before any field is read.
        if (!Present)
        {
            return;
        }

        if ((byte)Pgtt is 0 or > (byte)PasidGranularTranslationType.PassThrough)
        {
            sink.Report("PASID.PGTT", 6, 8, string.Create(CultureInfo.InvariantCulture, $"PGTT = {(byte)Pgtt} is a reserved translation type"));
        }
        else if (UsesFirstStage && Fspm > FirstStagePagingMode.FiveLevel)
        {
            sink.Report("PASID.FSPM", 130, 131, string.Create(CultureInfo.InvariantCulture, $"FSPM = {(byte)Fspm} is a reserved first-stage paging mode"));
        }
    }
}
