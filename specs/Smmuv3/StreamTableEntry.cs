using System.Globalization;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// The SMMUv3 Stream Table Entry (STE): 64 bytes selected by StreamID, saying whether a stream's
/// transactions abort, bypass, or translate through stage 1 (a CD table), stage 2 (a VMSAv8-64 table), or both.
/// </summary>
/// <remarks>
/// <para>Abbreviations: CD = context descriptor; SSID = SubstreamID (PASID); VTCR = the stage-2 translation
/// control group (S2T0SZ..S2PS), as in the CPU's VTCR_EL2; TTB = translation table base.</para>
/// <para><b>What <c>Validate()</c> checks</b> (the entry on its own, whichever SMMU reads it): RES0 bits; a reserved
/// Config (1..3, rule ENUM: software should not write them, although an SMMU treats them as abort, see NOTES #15); and, only for fields the Config makes live (the used-bit sets of Linux
/// arm_smmu_get_ste_used): a reserved S1Fmt (STE.S1FMT), S1DSS (STE.S1DSS) or EATS (STE.EATS) when stage 1
/// is enabled; EATS also when stage 2 is; and for stage 2 a reserved S2TG (STE.S2TG), S2T0SZ outside the
/// range any SMMU accepts for the granule (STE.S2T0SZ), S2SL0 reserved for the granule or inconsistent with
/// S2T0SZ (STE.S2SL0), and an S2TTB not aligned to its start-level table (STE.S2TTB). An abort or bypass
/// STE with leftovers in unused fields is legal apart from RES0 bits; nothing is checked when V is clear.</para>
/// <para><b>What the emulator checks on top</b>, because it depends on the SMMU's ID registers: stage support
/// (IDR0.S1P/S2P), S1CDMax against IDR1.SSIDSIZE, the CD-table format against IDR0.CD2L, S2PS against
/// IDR5.OAS, granule support (IDR5.GRAN*), S2T0SZ beyond 48 bits (IDR5.VAX/OAS) or above 39 (IDR3.STT),
/// S2SL0 = 3 with 4 KB (IDR3.STT), AArch32 tables (S2AA64 = 0, IDR0.TTF), S2ENDI (IDR0.TTENDIAN),
/// EATS (IDR0.ATS), stall bits (IDR0.STALL_MODEL), S2FWB (IDR3.FWB), HTTU bits (IDR0.HTTU), STRW = EL3 in
/// a Non-secure stream table, and anything involving the tables the pointers lead to.</para>
/// </remarks>
[BitLayout(512, Name = "smmuv3.ste",
    Spec = "Arm IHI 0070 STE; Linux arm-smmu-v3.h STRTAB_STE_*; QEMU include/hw/arm/smmuv3-common.h STE_*",
    Summary = "SMMUv3 Stream Table Entry")]
[LiveWhen(nameof(V))]
public partial struct StreamTableEntry
{
    /// <summary>Valid: when clear, any transaction that selects the STE is aborted with C_BAD_STE.</summary>
    [Bit(0)] public partial bool V { readonly get; set; }

    /// <summary>Abort, bypass, or which translation stages are enabled.</summary>
    [Bits(1, 3)] public partial SteConfig Config { readonly get; set; }

    /// <summary>Format of the CD table at S1ContextPtr (used when stage 1 is enabled).</summary>
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.Nested)]
    [Bits(4, 5)] public partial SteS1Format S1Fmt { readonly get; set; }

    /// <summary>Address of the CD or of the CD table (L1CD table when S1Fmt is two-level); address bits 51:6.</summary>
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.Nested)]
    [Bits(6, 51, Spec = "Linux STRTAB_STE_0_S1CTXPTR_MASK [51:6]; QEMU CTXPTR_HI reaches bit 55 (see NOTES)"), Address]
    public partial ulong S1ContextPtr { readonly get; set; }

    /// <summary>log2 of the number of CDs in the CD table (0: one CD, substreams disabled).</summary>
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.Nested)]
    [Bits(59, 63)] public partial byte S1CDMax { readonly get; set; }

    /// <summary>What transactions without a SubstreamID do when S1CDMax is non-zero.</summary>
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.Nested)]
    [Bits(64, 65)] public partial SteS1Dss S1DSS { readonly get; set; }

    /// <summary>Inner cacheability of CD and L1CD fetches: 0 non-cacheable, 1 write-back read-allocate, 2 write-through, 3 write-back.</summary>
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.Nested)]
    [Bits(66, 67)] public partial byte S1CIR { readonly get; set; }

    /// <summary>Outer cacheability of CD and L1CD fetches (encoded as S1CIR).</summary>
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.Nested)]
    [Bits(68, 69)] public partial byte S1COR { readonly get; set; }

    /// <summary>Shareability of CD and L1CD fetches: 0 non-shareable, 2 outer, 3 inner.</summary>
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.Nested)]
    [Bits(70, 71)] public partial byte S1CSH { readonly get; set; }

    /// <summary>Merge events: the SMMU may merge similar events for this stream (Linux sets it on nested STEs).</summary>
    [UpdateSafe]
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.S2Translate, SteConfig.Nested)]
    [Bit(83, Spec = "Linux STRTAB_STE_1_MEV")] public partial bool MEV { readonly get; set; }

    /// <summary>Stage-2 forced write-back: stage-2 MemAttr uses the FWB encoding (needs IDR3.FWB).</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bit(89, Spec = "Linux STRTAB_STE_1_S2FWB")] public partial bool S2FWB { readonly get; set; }

    /// <summary>Stage-1 stall disable: stage-1 faults terminate instead of stalling, whatever CD.S says.</summary>
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.Nested)]
    [Bit(91)] public partial bool S1STALLD { readonly get; set; }

    /// <summary>How ATS translation requests for this stream are serviced.</summary>
    [UpdateSafe(Values = new object[] { SteEats.Abort, SteEats.Translate }, UnlessSet = nameof(S2S))]
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(92, 93)] public partial SteEats EATS { readonly get; set; }

    /// <summary>StreamWorld: the translation regime the stream's stage-1 TLB entries are tagged with.</summary>
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.Nested)]
    [Bits(94, 95)] public partial SteStreamWorld STRW { readonly get; set; }

    /// <summary>Memory type and cacheability given to the stream's transactions when MTCFG is set (a stage-2 MemAttr-style encoding).</summary>
    [UsedWhen(nameof(Config), SteConfig.Bypass, SteConfig.S1Translate, SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(96, 99, Spec = "Qualcomm HALIOMMUv3Reg.c g_ste_field_info MemAttr {3, 0, 4}")] public partial byte MemAttr { readonly get; set; }

    /// <summary>Memory type override: 0 use the incoming type, 1 replace it with MemAttr.</summary>
    [UsedWhen(nameof(Config), SteConfig.Bypass, SteConfig.S1Translate, SteConfig.S2Translate, SteConfig.Nested)]
    [Bit(100, Spec = "TF-A/EDK2 STE_MTCFG_SHIFT (100 - WRAP_1DW); Qualcomm g_ste_field_info MTCFG {3, 4, 1}")] public partial bool MTCFG { readonly get; set; }

    /// <summary>Allocation hints override: 0b0xxx use incoming; 0b1RWT replaces read-allocate, write-allocate and transient.</summary>
    [UsedWhen(nameof(Config), SteConfig.Bypass, SteConfig.S1Translate, SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(101, 104, Spec = "TF-A/EDK2 STE_ALLOCCFG_SHIFT (101 - WRAP_1DW), MASK 0xF; Qualcomm g_ste_field_info ALLOCCFG {3, 5, 4}")]
    public partial byte ALLOCCFG { readonly get; set; }

    /// <summary>Shareability override: 0 non-shareable, 1 use incoming, 2 outer, 3 inner shareable.</summary>
    [UsedWhen(nameof(S1DSS), SteS1Dss.Bypass)]
    [UsedWhen(nameof(Config), SteConfig.Bypass, SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(108, 109, Spec = "Linux STRTAB_STE_1_SHCFG")] public partial byte SHCFG { readonly get; set; }

    /// <summary>Security override (Secure streams only): 0 use incoming, 1 reserved, 2 Secure, 3 Non-secure; ignored for Non-secure streams.</summary>
    [UsedWhen(nameof(Config), SteConfig.Bypass, SteConfig.S1Translate, SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(110, 111, Spec = "TF-A/EDK2 STE_NSCFG_SHIFT (110 - WRAP_1DW), MASK 0x3; Qualcomm g_ste_field_info NS_CFG {3, 14, 2}")]
    public partial byte NSCFG { readonly get; set; }

    /// <summary>Privilege override of the stream's transactions (needs IDR1.ATTR_PERMS_OVR).</summary>
    [UsedWhen(nameof(Config), SteConfig.Bypass, SteConfig.S1Translate, SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(112, 113, Spec = "TF-A/EDK2 STE_PRIVCFG_SHIFT (112 - WRAP_1DW), MASK 0x3; Qualcomm g_ste_field_info PRIV_CFG {3, 16, 2}")]
    public partial StePrivCfg PRIVCFG { readonly get; set; }

    /// <summary>Instruction/data override of the stream's reads (needs IDR1.ATTR_PERMS_OVR).</summary>
    [UsedWhen(nameof(Config), SteConfig.Bypass, SteConfig.S1Translate, SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(114, 115, Spec = "TF-A/EDK2 STE_INSTCFG_SHIFT (114 - WRAP_1DW), MASK 0x3; Qualcomm g_ste_field_info INST_CFG {3, 18, 2}")]
    public partial SteInstCfg INSTCFG { readonly get; set; }

    /// <summary>Virtual machine identifier tagging stage-2 (and, in EL1 streams, stage-1) TLB entries.</summary>
    [UsedWhen(nameof(Config), SteConfig.S1Translate, SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(128, 143)] public partial ushort S2VMID { readonly get; set; }

    /// <summary>Stage-2 input (IPA) size is 64 - S2T0SZ bits.</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(160, 165)] public partial byte S2T0SZ { readonly get; set; }

    /// <summary>Stage-2 start level; its meaning depends on S2TG (4 KB: 0/1/2 = level 2/1/0; 16 KB, 64 KB: level 3/2/1).</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(166, 167)] public partial byte S2SL0 { readonly get; set; }

    /// <summary>Inner cacheability of stage-2 walks: 0 non-cacheable, 1 write-back write-allocate, 2 write-through, 3 write-back.</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(168, 169, Spec = "Linux STRTAB_STE_2_VTCR_S2IR0")] public partial byte S2IR0 { readonly get; set; }

    /// <summary>Outer cacheability of stage-2 walks (encoded as S2IR0).</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(170, 171, Spec = "Linux STRTAB_STE_2_VTCR_S2OR0")] public partial byte S2OR0 { readonly get; set; }

    /// <summary>Shareability of stage-2 walks: 0 non-shareable, 2 outer, 3 inner.</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(172, 173, Spec = "Linux STRTAB_STE_2_VTCR_S2SH0")] public partial byte S2SH0 { readonly get; set; }

    /// <summary>Stage-2 translation granule (TG0 encoding).</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(174, 175)] public partial Tg0Granule S2TG { readonly get; set; }

    /// <summary>Stage-2 output (physical) address size.</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(176, 178)] public partial AddressSize S2PS { readonly get; set; }

    /// <summary>Stage-2 tables are VMSAv8-64 (set) or VMSAv8-32 LPAE (clear).</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bit(179)] public partial bool S2AA64 { readonly get; set; }

    /// <summary>Stage-2 tables are big-endian.</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bit(180)] public partial bool S2ENDI { readonly get; set; }

    /// <summary>Stage-2 access-flag fault disable: a clear AF does not fault.</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bit(181, Spec = "QEMU STE_S2AFFD")] public partial bool S2AFFD { readonly get; set; }

    /// <summary>Protected table walk: stage-1 walks that hit stage-2 Device memory fault.</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bit(182, Spec = "Linux STRTAB_STE_2_S2PTW")] public partial bool S2PTW { readonly get; set; }

    /// <summary>Stage-2 hardware update of the dirty state (HTTU).</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bit(183, Spec = "QEMU STE_S2HD (2024 numbering; see NOTES)")] public partial bool S2HD { readonly get; set; }

    /// <summary>Stage-2 hardware update of the access flag (HTTU).</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bit(184, Spec = "QEMU STE_S2HA (2024 numbering; see NOTES)")] public partial bool S2HA { readonly get; set; }

    /// <summary>Stage-2 faults stall the transaction instead of terminating it.</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bit(185)] public partial bool S2S { readonly get; set; }

    /// <summary>Record stage-2 faults in the event queue.</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bit(186)] public partial bool S2R { readonly get; set; }

    /// <summary>Stage-2 translation table base, address bits 51:4 (aligned to the start-level table).</summary>
    [UsedWhen(nameof(Config), SteConfig.S2Translate, SteConfig.Nested)]
    [Bits(196, 243), Address] public partial ulong S2TTB { readonly get; set; }

    /// <summary>True when Config enables stage 1 (S1Translate or Nested).</summary>
    public readonly bool Stage1Enabled => Config is SteConfig.S1Translate or SteConfig.Nested;

    /// <summary>True when Config enables stage 2 (S2Translate or Nested).</summary>
    public readonly bool Stage2Enabled => Config is SteConfig.S2Translate or SteConfig.Nested;

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        if (!V)
        {
            return;
        }

        var stage1 = Stage1Enabled;
        var stage2 = Stage2Enabled;
        if (stage1)
        {
            if (S1Fmt == SteS1Format.Reserved3)
            {
                sink.Report("STE.S1FMT", 4, 5, "S1Fmt = 3 is reserved");
            }

            if (S1DSS == SteS1Dss.Reserved3)
            {
                sink.Report("STE.S1DSS", 64, 65, "S1DSS = 3 is reserved");
            }
        }

        if ((stage1 || stage2) && EATS == SteEats.Reserved3)
        {
            sink.Report("STE.EATS", 92, 93, "EATS = 3 is reserved");
        }

        if (stage2)
        {
            CheckStage2(ref sink);
        }
    }

    private readonly void CheckStage2(ref ViolationSink sink)
    {
        var granuleShift = Vmsa64Geometry.GranuleShift(S2TG);
        if (granuleShift == 0)
        {
            sink.Report("STE.S2TG", 174, 175, "S2TG = 3 is reserved");
            return;
        }

        var t0sz = S2T0SZ;
        var t0szOk = t0sz >= Vmsa64Geometry.MinTxSz(granuleShift) && t0sz <= Vmsa64Geometry.MaxTxSz(granuleShift);
        if (!t0szOk)
        {
            sink.Report("STE.S2T0SZ", 160, 165, string.Create(CultureInfo.InvariantCulture,
                $"S2T0SZ = {t0sz} is outside {Vmsa64Geometry.MinTxSz(granuleShift)}..{Vmsa64Geometry.MaxTxSz(granuleShift)} for a {1 << (granuleShift - 10)} KB granule"));
        }

        var level = Vmsa64Geometry.Stage2StartLevel(S2SL0, granuleShift);
        if (level < 0)
        {
            sink.Report("STE.S2SL0", 166, 167, string.Create(CultureInfo.InvariantCulture,
                $"S2SL0 = {S2SL0} is reserved for a {1 << (granuleShift - 10)} KB granule"));
            return;
        }

        if (!t0szOk)
        {
            return;
        }

        var inputBits = 64 - t0sz;
        var (min, max) = Vmsa64Geometry.Stage2InputRange(level, granuleShift);
        if (inputBits < min || inputBits > max)
        {
            sink.Report("STE.S2SL0", 160, 167, string.Create(CultureInfo.InvariantCulture,
                $"a {inputBits}-bit IPA cannot start at level {level} (S2SL0 = {S2SL0}): that level resolves {min}..{max}-bit inputs"));
            return;
        }

        var alignLog2 = Vmsa64Geometry.StartTableSizeLog2(inputBits, level, granuleShift);
        var ttb = S2TTB;
        if ((ttb & ((1UL << alignLog2) - 1)) != 0)
        {
            sink.Report("STE.S2TTB", 196, 243, string.Create(CultureInfo.InvariantCulture,
                $"S2TTB = 0x{ttb:X} is not aligned to its {1UL << alignLog2}-byte start-level table"));
        }
    }
}
