using System.Globalization;

namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// A legacy-mode context entry (128 bits): one per devfn in the context table of a <see cref="RootEntry"/>.
/// It names the device's domain (DID), how its requests are translated (TT) and the second-stage table
/// (SLPTPTR, AW).
/// </summary>
/// <remarks>
/// <para><see cref="Validate"/> reports what is illegal in the entry on its own: reserved bits (4..11, 71, 88..127)
/// whatever P says, and, only for a present entry, the reserved TT encoding 3 (rule <c>CONTEXT.TT</c>).
/// TT is enum-typed with <c>CheckEnum = false</c> because a non-present entry is never interpreted; the reserved
/// encoding is reported for a present entry only. Used bits (<c>[LiveWhen]</c>/<c>[UsedWhen]</c>): only P while P is
/// clear; SLPTPTR is not read for TT = PassThrough.</para>
/// <para>Checks that depend on the remapping unit belong to the emulator: AW against CAP.SAGAW, SLPTPTR above the
/// host address width (reserved, fault 0x0B), TT=DeviceTlb without ECAP.DT and TT=PassThrough without ECAP.PT
/// (fault 0x03 in QEMU).</para>
/// <para>Bits 67..70 are available to software (Linux "3-6: aval"; VirtualBox IGN_6_3; older Linux kdump code
/// marked copied entries with bit 67), so they are <c>[Ignored]</c>, not reserved.</para>
/// </remarks>
[BitLayout(128, Name = "vtd.context",
    Spec = "VT-d spec Context Entry (QEMU libqos: section 9.3); checked against Linux drivers/iommu/intel/iommu.h struct context_entry and context_set_*, QEMU hw/i386/intel_iommu_internal.h VTD_CONTEXT_ENTRY_*, VirtualBox VTD_BF_{0,1}_CONTEXT_ENTRY_*, EDK2 VTD_CONTEXT_ENTRY",
    Summary = "Legacy context entry: devfn -> domain and second-stage table")]
[Ignored(67, 70, Doc = "AVAIL: available to software (Linux 'aval', VirtualBox IGN_6_3)")]
[LiveWhen(nameof(Present))]
public partial struct ContextEntry
{
    [Bit(0, Doc = "P: present; when clear a request from this device faults with 0x02")]
    public partial bool Present { readonly get; set; }

    [Bit(1, Doc = "FPD: fault processing disable; when set, qualified faults of this device are not recorded (Linux context_set_fault_enable clears it)")]
    public partial bool FaultProcessingDisable { readonly get; set; }

    [Bits(2, 3, CheckEnum = false, Doc = "TT: translation type, a ContextTranslationType: 0 MultiLevel, 1 DeviceTlb, 2 PassThrough; 3 reserved (rule CONTEXT.TT when P=1)")]
    public partial ContextTranslationType Tt { readonly get; set; }

    [UsedWhen(nameof(Tt), ContextTranslationType.MultiLevel, ContextTranslationType.DeviceTlb)]
    [Bits(12, 63, Doc = "SLPTPTR (second-stage page-table pointer; Linux 'address space root', ASR): 4 KiB-aligned root of the second-stage table; ignored when TT is PassThrough"), Address]
    public partial ulong SecondStagePageTablePointer { readonly get; set; }

    [Bits(64, 66, Doc = "AW: adjusted guest address width of the second-stage table: AGAW = 30 + 9*AW bits, AW + 2 levels; must be supported by CAP.SAGAW (emulator check)")]
    public partial byte AddressWidth { readonly get; set; }

    [Bits(72, 87, Doc = "DID: domain identifier, the tag of this device's IOTLB and context-cache entries")]
    public partial ushort DomainId { readonly get; set; }

    /// <summary>Another name of <see cref="Tt"/> (kept for callers written when TT was stored raw).</summary>
    public ContextTranslationType TranslationType
    {
        readonly get => Tt;
        set => Tt = value;
    }

    /// <summary>Levels of the second-stage table this entry names: AW + 2 (QEMU <c>vtd_ce_get_level</c>).</summary>
    public readonly int SecondStageLevels => AddressWidth + 2;

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        // A non-present entry is never interpreted (fault 0x02 comes first), so TT is only live when P=1.
        if (Present && (byte)Tt == 3)
        {
            sink.Report("CONTEXT.TT", 2, 3, string.Create(CultureInfo.InvariantCulture, $"TT = {(byte)Tt} is a reserved translation type"));
        }
    }
}
