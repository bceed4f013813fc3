using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// Level-1 Stream Table Descriptor (L1STD): one 8-byte entry of a two-level stream table, pointing to a
/// level-2 table of 2^(Span - 1) STEs for StreamIDs sharing the same upper bits (above STRTAB_BASE_CFG.SPLIT).
/// </summary>
/// <remarks>
/// <para><b>Validate</b>: RES0 bits, and a Span of 12 or more (rule L1STD.SPAN): a level-2 table covers at most
/// SPLIT = 10 StreamID bits, so no SMMU accepts Span above 11. Span = 0 is the architected "invalid"
/// descriptor (a StreamID that reaches it gets C_BAD_STREAMID), not an error of the encoding.</para>
/// <para><b>The emulator</b> checks Span against SPLIT + 1 (STRTAB_BASE_CFG) and the StreamID's index against the
/// table size. Linux writes Span = SPLIT + 1 = 9 for its 256-STE tables; QEMU bounds the index by
/// 2^Span - 1 instead (see specs/NOTES.md).</para>
/// </remarks>
[BitLayout(64, Name = "smmuv3.l1std",
    Spec = "Arm IHI 0070 L1STD; Linux arm-smmu-v3.h STRTAB_L1_DESC_*; QEMU smmuv3-internal.h L1STD_*",
    Summary = "SMMUv3 level-1 stream table descriptor")]
public partial struct L1StreamTableDescriptor
{
    /// <summary>Size of the level-2 table: 0 = invalid, n = 2^(n - 1) STEs.</summary>
    [Bits(0, 4)] public partial byte Span { readonly get; set; }

    /// <summary>Address of the level-2 STE array, address bits 51:6.</summary>
    [Bits(6, 51, Spec = "Linux STRTAB_L1_DESC_L2PTR_MASK [51:6]; QEMU l1std_l2ptr uses bits 63:5 (see NOTES)"), Address]
    public partial ulong L2Ptr { readonly get; set; }

    /// <summary>Number of STEs in the level-2 table (0 when Span is 0, the invalid descriptor).</summary>
    public readonly int SteCount => Span == 0 ? 0 : 1 << (Span - 1);

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (Span >= 12)
        {
            sink.Report("L1STD.SPAN", 0, 4, string.Create(CultureInfo.InvariantCulture,
                $"Span = {Span} describes a level-2 table larger than the 1024 STEs SPLIT = 10 allows"));
        }
    }
}
