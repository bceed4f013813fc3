using System;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// An SMMUv3 event queue record: 32 bytes the SMMU writes for every recorded fault or configuration error.
/// </summary>
/// <remarks>
/// <para>Dword 3 holds the second address of an event, read two ways depending on the event type: the faulting
/// IPA (bits 51:12, <see cref="Ipa"/>) for stage-2 translation faults, or the fetch address (bits 51:3,
/// <see cref="FetchAddr"/>) for F_STE_FETCH, F_CD_FETCH, F_WALK_EABT and F_VMS_FETCH (Linux EVTQ_3_IPA and
/// EVTQ_3_FETCH_ADDR). The toolkit does not allow overlapping fields, so the layout has one field,
/// <see cref="FetchAddr"/>, over the wider range; <see cref="Ipa"/> reads and writes the same bits as a page
/// address. For the translation-fault types (0x10..0x13) <c>Validate()</c> reports address bits 11:3 set
/// (rule EVT.IPA), since the IPA view does not hold them.</para>
/// <para>Everything else the record holds is a plain field: the generator's RES0 and enum checks cover it
/// (an EventID no source defines is reported as ENUM). QEMU writes the fetch address of F_CD_FETCH into
/// dword 2 and a full 64-bit dword 3; this layout follows Linux and the architecture (see NOTES).</para>
/// </remarks>
[BitLayout(256, Name = "smmuv3.event",
    Spec = "Arm IHI 0070 event records; Linux arm-smmu-v3.h EVTQ_*; QEMU smmuv3-internal.h EVT_SET_*",
    Summary = "SMMUv3 event queue record")]
public partial struct EventRecord
{
    /// <summary>Event type.</summary>
    [Bits(0, 7)] public partial EventType EventID { readonly get; set; }

    /// <summary>SubstreamID valid: the transaction carried a SubstreamID.</summary>
    [Bit(11)] public partial bool SSV { readonly get; set; }

    /// <summary>SubstreamID of the transaction (meaningful when SSV is set).</summary>
    [Bits(12, 31)] public partial uint SubstreamID { readonly get; set; }

    /// <summary>StreamID of the transaction.</summary>
    [Bits(32, 63)] public partial uint StreamID { readonly get; set; }

    /// <summary>Stall tag: identifies a stalled transaction for CMD_RESUME (meaningful when Stall is set).</summary>
    [Bits(64, 79)] public partial ushort STAG { readonly get; set; }

    /// <summary>The transaction is stalled and waits for CMD_RESUME.</summary>
    [Bit(95)] public partial bool Stall { readonly get; set; }

    /// <summary>Privileged (set) or unprivileged access.</summary>
    [Bit(97)] public partial bool PnU { readonly get; set; }

    /// <summary>Instruction (set) or data access.</summary>
    [Bit(98)] public partial bool InD { readonly get; set; }

    /// <summary>Read (set) or write access.</summary>
    [Bit(99)] public partial bool RnW { readonly get; set; }

    /// <summary>The fault happened at stage 2.</summary>
    [Bit(103)] public partial bool S2 { readonly get; set; }

    /// <summary>Which access faulted: CD fetch, stage-1 table fetch, or the input address.</summary>
    [Bits(104, 105)] public partial EventClass CLASS { readonly get; set; }

    /// <summary>For CLASS = TT: the table access was a read (clear: a hardware update write).</summary>
    [Bit(108, Spec = "Linux EVTQ_1_TT_READ")] public partial bool TTRnW { readonly get; set; }

    /// <summary>Input address of the transaction.</summary>
    [Bits(128, 191)] public partial ulong InputAddr { readonly get; set; }

    /// <summary>Dword 3 address, bits 51:3: the fetch address of fetch/abort events, or the IPA (see <see cref="Ipa"/>).</summary>
    [Bits(195, 243), Address] public partial ulong FetchAddr { readonly get; set; }

    /// <summary>
    /// The faulting IPA of a stage-2 translation fault: dword 3 bits 51:12, the same bits as
    /// <see cref="FetchAddr"/>. Setting it requires a 4 KB-aligned address below 2^52.
    /// </summary>
    public ulong Ipa
    {
        readonly get => FetchAddr & ~0xFFFUL;
        set
        {
            if ((value & 0xFFF) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), $"Ipa holds address bits 51:12: 0x{value:X} has bits below 12 set");
            }

            FetchAddr = value;
        }
    }

    /// <summary>Records the fetch address of <paramref name="address"/>: its bits 51:3 (the 8-byte access it belongs to).</summary>
    public void RecordFetchAddress(ulong address) => FetchAddr = address & FetchAddrBits;

    /// <summary>Records the IPA of <paramref name="intermediateAddress"/>: its bits 51:12 (Linux EVTQ_3_IPA, GENMASK_ULL(51, 12)).</summary>
    public void RecordIpa(ulong intermediateAddress) => Ipa = intermediateAddress & IpaBits;

    /// <summary>Address bits 51:3, where <see cref="FetchAddr"/> lives.</summary>
    private const ulong FetchAddrBits = 0x000F_FFFF_FFFF_FFF8UL;

    /// <summary>Address bits 51:12, where <see cref="Ipa"/> lives.</summary>
    private const ulong IpaBits = 0x000F_FFFF_FFFF_F000UL;

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (EventID is EventType.F_TRANSLATION or EventType.F_ADDR_SIZE or EventType.F_ACCESS or EventType.F_PERMISSION
            && (FetchAddr & 0xFF8) != 0)
        {
            sink.Report("EVT.IPA", 195, 203, "the IPA of a translation-fault record holds address bits 51:12; bits 11:3 are set");
        }
    }
}
