using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// The SMMUv3 Context Descriptor (CD): 64 bytes selected by SubstreamID in the STE's CD table, holding a
/// stage-1 address space: the TCR-like controls of the two translation tables (TTB0 for the low half of the
/// input range, TTB1 for the high half), their bases, the ASID and the MAIR.
/// </summary>
/// <remarks>
/// <para>Abbreviations: TxSZ = 64 - input size of table x; TGx = granule; IRx/ORx/SHx = walk cacheability and
/// shareability; EPDx = walks through TTBx disabled; IPS = intermediate physical (output) size; TBI = top
/// byte ignore; HA/HD = hardware access flag / dirty state update; S/R/A = stall, record, abort on fault.</para>
/// <para><b>What <c>Validate()</c> checks</b>, only when V is set: RES0 bits; and, when AA64 is set (the TCR fields
/// are read the VMSAv8-64 way) and EPDx is clear, a reserved granule (CD.TG0, CD.TG1), a TxSZ outside the
/// range any SMMU accepts for the granule (CD.T0SZ, CD.T1SZ) and a TTBx not aligned to its start-level
/// table (CD.TTB0, CD.TTB1). Fields of a disabled table (EPDx set) are not checked.</para>
/// <para><b>What the emulator checks on top</b>, because it depends on the SMMU: AArch32 descriptors (AA64 clear,
/// IDR0.TTF), granule support (IDR5.GRAN*), TxSZ below 16 (IDR5.VAX) or above 39 (IDR3.STT), IPS against
/// IDR5.OAS and TTBx against the effective output size, ENDI (IDR0.TTENDIAN), A = 0 (IDR0.TERM_MODEL),
/// S (IDR0.STALL_MODEL), HA/HD (IDR0.HTTU), the ASID width (IDR0.ASID16), and the tables behind the pointers.</para>
/// </remarks>
[BitLayout(512, Name = "smmuv3.cd",
    Spec = "Arm IHI 0070 CD; Linux arm-smmu-v3.h CTXDESC_CD_*; QEMU include/hw/arm/smmuv3-common.h CD_*",
    Summary = "SMMUv3 Context Descriptor")]
[LiveWhen(nameof(V))]
public partial struct ContextDescriptor
{
    /// <summary>TTB0 input size is 64 - T0SZ bits.</summary>
    [UsedWhen(nameof(EPD0), false)]
    [Bits(0, 5)] public partial byte T0SZ { readonly get; set; }

    /// <summary>TTB0 granule (TG0 encoding: 0 4 KB, 1 64 KB, 2 16 KB).</summary>
    [UsedWhen(nameof(EPD0), false)]
    [Bits(6, 7)] public partial Tg0Granule TG0 { readonly get; set; }

    /// <summary>Inner cacheability of TTB0 walks: 0 non-cacheable, 1 write-back write-allocate, 2 write-through, 3 write-back.</summary>
    [UsedWhen(nameof(EPD0), false)]
    [Bits(8, 9, Spec = "Linux CTXDESC_CD_0_TCR_IRGN0")] public partial byte IR0 { readonly get; set; }

    /// <summary>Outer cacheability of TTB0 walks (encoded as IR0).</summary>
    [UsedWhen(nameof(EPD0), false)]
    [Bits(10, 11, Spec = "Linux CTXDESC_CD_0_TCR_ORGN0")] public partial byte OR0 { readonly get; set; }

    /// <summary>Shareability of TTB0 walks: 0 non-shareable, 2 outer, 3 inner.</summary>
    [UsedWhen(nameof(EPD0), false)]
    [Bits(12, 13, Spec = "Linux CTXDESC_CD_0_TCR_SH0")] public partial byte SH0 { readonly get; set; }

    /// <summary>TTB0 walks disabled: addresses in the TTB0 range fault.</summary>
    [Bit(14)] public partial bool EPD0 { readonly get; set; }

    /// <summary>Stage-1 tables are big-endian.</summary>
    [Bit(15)] public partial bool ENDI { readonly get; set; }

    /// <summary>TTB1 input size is 64 - T1SZ bits.</summary>
    [UsedWhen(nameof(EPD1), false)]
    [Bits(16, 21, Spec = "QEMU CD_TSZ1")] public partial byte T1SZ { readonly get; set; }

    /// <summary>TTB1 granule (TG1 encoding: 1 16 KB, 2 4 KB, 3 64 KB).</summary>
    [UsedWhen(nameof(EPD1), false)]
    [Bits(22, 23, Spec = "QEMU CD_TG1")] public partial Tg1Granule TG1 { readonly get; set; }

    /// <summary>Inner cacheability of TTB1 walks (encoded as IR0); the TTB1 counterpart of IR0, 16 bits up as in TCR_EL1 (IRGN1).</summary>
    [UsedWhen(nameof(EPD1), false)]
    [Bits(24, 25, Spec = "Qualcomm HALIOMMUv3Reg.c g_cd_field_info CD_IR1 {0, 24, 2}; Linux pgtable-hwdef.h TCR_IRGN1_SHIFT 24")]
    public partial byte IR1 { readonly get; set; }

    /// <summary>Outer cacheability of TTB1 walks (encoded as IR0; TCR_EL1 ORGN1).</summary>
    [UsedWhen(nameof(EPD1), false)]
    [Bits(26, 27, Spec = "Qualcomm HALIOMMUv3Reg.c g_cd_field_info CD_OR1 {0, 26, 2}; Linux pgtable-hwdef.h TCR_ORGN1_SHIFT 26")]
    public partial byte OR1 { readonly get; set; }

    /// <summary>Shareability of TTB1 walks: 0 non-shareable, 2 outer, 3 inner (TCR_EL1 SH1).</summary>
    [UsedWhen(nameof(EPD1), false)]
    [Bits(28, 29, Spec = "Qualcomm HALIOMMUv3Reg.c g_cd_field_info CD_SH1 {0, 28, 2}; Linux pgtable-hwdef.h TCR_SH1_SHIFT 28")]
    public partial byte SH1 { readonly get; set; }

    /// <summary>TTB1 walks disabled: addresses in the TTB1 range fault (Linux always sets it).</summary>
    [Bit(30)] public partial bool EPD1 { readonly get; set; }

    /// <summary>Valid: when clear, a transaction that selects the CD is aborted with C_BAD_CD.</summary>
    [Bit(31)] public partial bool V { readonly get; set; }

    /// <summary>Stage-1 output (intermediate physical) address size.</summary>
    [Bits(32, 34)] public partial AddressSize IPS { readonly get; set; }

    /// <summary>Access-flag fault disable: a clear AF in a stage-1 descriptor does not fault.</summary>
    [Bit(35, Spec = "QEMU CD_AFFD")] public partial bool AFFD { readonly get; set; }

    /// <summary>Write implies execute-never (SCTLR_ELx.WXN for the stream): a region writable at a privilege is not executable there.</summary>
    [Bit(36, Spec = "Qualcomm HALIOMMUv3Reg.c g_cd_field_info CD_WXN {1, 4, 1}")] public partial bool WXN { readonly get; set; }

    /// <summary>Top byte ignore for the TTB0 range: address bits 63:56 do not take part in translation.</summary>
    [Bit(38)] public partial bool TBI0 { readonly get; set; }

    /// <summary>Top byte ignore for the TTB1 range.</summary>
    [Bit(39, Spec = "QEMU CD_TBI bit 1")] public partial bool TBI1 { readonly get; set; }

    /// <summary>Tables and TCR fields are VMSAv8-64 (set) or VMSAv8-32 LPAE (clear).</summary>
    [Bit(41)] public partial bool AA64 { readonly get; set; }

    /// <summary>Hardware update of the dirty state (HTTU); effective with HA.</summary>
    [Bit(42)] public partial bool HD { readonly get; set; }

    /// <summary>Hardware update of the access flag (HTTU).</summary>
    [Bit(43)] public partial bool HA { readonly get; set; }

    /// <summary>Stage-1 faults stall the transaction instead of terminating it.</summary>
    [Bit(44)] public partial bool S { readonly get; set; }

    /// <summary>Record stage-1 faults in the event queue.</summary>
    [Bit(45)] public partial bool R { readonly get; set; }

    /// <summary>Terminated transactions get an abort (set) rather than RAZ/WI (clear).</summary>
    [Bit(46)] public partial bool A { readonly get; set; }

    /// <summary>ASID set: the ASID is private to the SMMU (set) or shared with CPU broadcast TLB maintenance (clear).</summary>
    [Bit(47, Spec = "Linux CTXDESC_CD_0_ASET")] public partial bool ASET { readonly get; set; }

    /// <summary>Address space identifier tagging the stage-1 TLB entries.</summary>
    [Bits(48, 63)] public partial ushort ASID { readonly get; set; }

    /// <summary>TTB0 walks are Non-secure (only meaningful for Secure streams; QEMU's qtest sets it).</summary>
    [Bit(64, Spec = "QEMU CD_NSCFG0")] public partial bool NSCFG0 { readonly get; set; }

    /// <summary>Hierarchical attribute disable for TTB0: APTable/XNTable in table descriptors are ignored.</summary>
    [Bit(65, Spec = "QEMU CD_HAD0")] public partial bool HAD0 { readonly get; set; }

    /// <summary>TTB0 translation table base, address bits 51:4 (aligned to the start-level table).</summary>
    [UsedWhen(nameof(EPD0), false)]
    [Bits(68, 115), Address] public partial ulong TTB0 { readonly get; set; }

    /// <summary>TTB1 walks are Non-secure.</summary>
    [Bit(128, Spec = "QEMU CD_NSCFG1")] public partial bool NSCFG1 { readonly get; set; }

    /// <summary>Hierarchical attribute disable for TTB1.</summary>
    [Bit(129, Spec = "QEMU CD_HAD1")] public partial bool HAD1 { readonly get; set; }

    /// <summary>TTB1 translation table base, address bits 51:4 (aligned to the start-level table).</summary>
    [UsedWhen(nameof(EPD1), false)]
    [Bits(132, 179, Spec = "QEMU CD_TTB1"), Address] public partial ulong TTB1 { readonly get; set; }

    /// <summary>Memory attribute indirection register: eight 8-bit attributes indexed by a descriptor's AttrIndx.</summary>
    [Bits(192, 255, Spec = "Linux arm_smmu_make_s1_cd writes the whole MAIR to dword 3")] public partial ulong MAIR { readonly get; set; }

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (!V || !AA64)
        {
            return;
        }

        if (!EPD0)
        {
            CheckTable(ref sink, "0", (int)TG0, Vmsa64Geometry.GranuleShift(TG0), T0SZ, 0, 6, TTB0, 68, 115);
        }

        if (!EPD1)
        {
            CheckTable(ref sink, "1", (int)TG1, Vmsa64Geometry.GranuleShift(TG1), T1SZ, 16, 22, TTB1, 132, 179);
        }
    }

    private static void CheckTable(
        ref ViolationSink sink, string table, int tg, int granuleShift, int tsz, int tszLo, int tgLo, ulong ttb, int ttbLo, int ttbHi)
    {
        if (granuleShift == 0)
        {
            sink.Report("CD.TG" + table, tgLo, tgLo + 1, string.Create(CultureInfo.InvariantCulture, $"TG{table} = {tg} is reserved"));
            return;
        }

        var min = Vmsa64Geometry.MinTxSz(granuleShift);
        var max = Vmsa64Geometry.MaxTxSz(granuleShift);
        if (tsz < min || tsz > max)
        {
            sink.Report("CD.T" + table + "SZ", tszLo, tszLo + 5, string.Create(CultureInfo.InvariantCulture,
                $"T{table}SZ = {tsz} is outside {min}..{max} for a {1 << (granuleShift - 10)} KB granule"));
            return;
        }

        var inputBits = 64 - tsz;
        var level = Vmsa64Geometry.Stage1StartLevel(inputBits, granuleShift);
        var alignLog2 = Vmsa64Geometry.StartTableSizeLog2(inputBits, level, granuleShift);
        if ((ttb & ((1UL << alignLog2) - 1)) != 0)
        {
            sink.Report("CD.TTB" + table, ttbLo, ttbHi, string.Create(CultureInfo.InvariantCulture,
                $"TTB{table} = 0x{ttb:X} is not aligned to its {1UL << alignLog2}-byte level-{level} table"));
        }
    }
}
