using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// Entries and register settings as firmware and drivers write them from the architecture tables (issue 18's numbered
/// defects), each checked against an independent source named in the test.
/// </summary>
public class FirmwareFormatTests
{
    private const uint Sid = 1;
    private const ulong Va = 0x12_3456_7000;

    /// <summary>
    /// Reserved STE.Config 0b001..0b011 behave as 0b000: abort, no event. Source: QEMU hw/arm/smmuv3-internal.h
    /// <c>STE_CFG_ABORT(config) (!(config &amp; 0x4))</c>, used by decode_ste (via decode_ste_config) before any other
    /// field is read, so the transaction is aborted and decode_ste returns 0 (no C_BAD_STE).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reserved_ste_config_aborts_without_event(int config)
    {
        var bed = new Smmuv3TestBed();
        bed.WriteSte(Sid, new StreamTableEntry { V = true, Config = (SteConfig)config });
        var r = bed.Read(Sid, Va);
        Assert.Equal(Smmuv3Outcome.Aborted, r.Outcome);
        Assert.False(r.EventRecorded);
        Assert.Empty(bed.DrainEvents());
    }

    /// <summary>
    /// C_BAD_STREAMID is recorded only when SMMU_CR2.RECINVSID = 1. Source: Linux arm-smmu-v3.h <c>CR2_RECINVSID (1 &lt;&lt; 1)</c>,
    /// which arm_smmu_device_reset sets (<c>reg = CR2_RECINVSID ...; writel_relaxed(reg, smmu->base + ARM_SMMU_CR2)</c>)
    /// precisely so that invalid StreamIDs are reported; with the bit clear the transaction still faults, unrecorded.
    /// </summary>
    [Fact]
    public void Bad_streamid_is_recorded_only_with_cr2_recinvsid()
    {
        var bed = new Smmuv3TestBed();
        const uint badSid = 0x20; // STRTAB_BASE_CFG.LOG2SIZE = 5
        bed.W32(Smmuv3RegisterMap.Cr2, (uint)new Cr2 { PTM = true }.Word);
        var quiet = bed.Read(badSid, Va);
        Assert.Equal(EventType.C_BAD_STREAMID, quiet.EventType);
        Assert.False(quiet.EventRecorded);
        Assert.Empty(bed.DrainEvents());

        bed.W32(Smmuv3RegisterMap.Cr2, (uint)new Cr2 { PTM = true, RECINVSID = true }.Word);
        var loud = bed.Read(badSid, Va);
        Assert.Equal(EventType.C_BAD_STREAMID, loud.EventType);
        Assert.True(loud.EventRecorded);
        var events = bed.DrainEvents();
        Assert.Single(events);
        Assert.Equal(EventType.C_BAD_STREAMID, events[0].EventID);
        Assert.Equal(badSid, events[0].StreamID);
    }

    /// <summary>
    /// A stage-2-only stream: the input address is the IPA, and an IPA at or above 2^IAS (IAS = OAS for AArch64) is a
    /// stage-1 Address Size fault (S2 = 0), not a stage-2 fault. Source: QEMU hw/arm/smmu-common.c smmu_ptw, quoting
    /// IHI 0070 §3.4 ("If bypassing stage 1 ... If the input address of a transaction exceeds the size of the IAS, a
    /// stage 1 Address Size fault occurs. For AA64, IAS = OAS"): <c>info->type = SMMU_PTW_ERR_ADDR_SIZE; info->stage =
    /// SMMU_STAGE_1</c>. Such a stage-1 fault is recorded by QEMU's PTW_RECORD_FAULT only with a CD's R bit, which a
    /// stage-2-only stream does not have, so it is not recorded. An IPA below IAS but beyond the 44-bit S2T0SZ range
    /// stays the stage-2 F_TRANSLATION.
    /// </summary>
    [Fact]
    public void Ipa_beyond_ias_on_a_stage2_only_stream_is_a_stage1_address_size_fault()
    {
        var bed = new Smmuv3TestBed(); // OAS 48
        var tables = bed.Stage2Tables();
        bed.WriteSte(Sid, Smmuv3TestBed.S2Ste(tables.RootAddress));

        const ulong beyondIas = 1UL << 48;
        var r = bed.Read(Sid, beyondIas);
        Assert.Equal(EventType.F_ADDR_SIZE, r.EventType);
        Assert.False(r.Event.S2);
        Assert.Equal(EventClass.IN, r.Event.CLASS);
        Assert.Equal(beyondIas, r.Event.InputAddr);
        Assert.False(r.EventRecorded);

        const ulong beyondS2Input = 1UL << 46;
        var s2 = bed.Read(Sid, beyondS2Input);
        Assert.Equal(EventType.F_TRANSLATION, s2.EventType);
        Assert.True(s2.Event.S2);
        Assert.True(s2.EventRecorded);
    }

    /// <summary>
    /// With a 64 KB granule a level-1 block (2^42 bytes, 4 TB) is legal when the implementation's physical address size
    /// is 52 bits, and reserved otherwise. Source: Arm ARM AArch64.BlockDescSupported as QEMU target/arm/ptw.c
    /// lpae_block_desc_valid implements it: <c>case Gran64K: return (level == 1 &amp;&amp; arm_pamax(cpu) == 52) || level == 2;</c>
    /// (for an SMMU, PAMax is IDR5.OAS). A reserved block is a Translation fault.
    /// </summary>
    [Theory]
    [InlineData(52, true)]
    [InlineData(48, false)]
    public void Level1_block_with_64k_granule_needs_a_52_bit_oas(int oas, bool translates)
    {
        var bed = new Smmuv3TestBed(Smmuv3Capabilities.Default with { OutputAddressBits = oas });
        const ulong va = 0x0000_0400_0123_4568;      // index 1 at level 1 (bits 47:42), offset 0x123_4568 in the block
        const ulong pa = 0x0000_1000_0000_0000;      // 4 TB aligned
        var l1 = bed.Allocate(0x1_0000, 0x1_0000);
        var block = new IommuLayouts.Specs.Vmsa.S1LeafDescriptor { Valid = true, AF = true, OutputAddress = pa };
        Assert.True(bed.Memory.TryWriteUInt64(l1 + 8, block.Word));
        var cd = Smmuv3TestBed.Cd(l1) with { TG0 = Tg0Granule.Size64K, T0SZ = 16, IPS = AddressSize.Bits52 };
        const ulong cdAddress = 0x4E20_0000;
        bed.WriteCd(cdAddress, cd);
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(cdAddress));

        var r = bed.Read(Sid, va, privileged: true);
        if (translates)
        {
            Assert.Equal(Smmuv3Outcome.Translated, r.Outcome);
            Assert.Equal(pa | (va & ((1UL << 42) - 1)), r.OutputAddress);
            Assert.Equal(42, r.PageShift);
        }
        else
        {
            Assert.Equal(EventType.F_TRANSLATION, r.EventType);
            Assert.False(r.Event.S2);
        }
    }

    /// <summary>
    /// CD bits 29:24 are TTB1's walk attributes IR1 (25:24), OR1 (27:26), SH1 (29:28), the TTB1 counterparts of
    /// IR0/OR0/SH0, and bit 36 is WXN. Source: the Qualcomm UEFI SMMUv3 HAL (QcomPkg/Drivers/HALIOMMUv3Dxe/HALIOMMUv3Reg.c
    /// g_cd_field_info: CD_IR1 {0, 24, 2}, CD_OR1 {0, 26, 2}, CD_SH1 {0, 28, 2}, CD_WXN {1, 4, 1}), and the TCR_EL1 layout
    /// (Linux arch/arm64 pgtable-hwdef.h TCR_IRGN1_SHIFT 24, TCR_ORGN1_SHIFT 26, TCR_SH1_SHIFT 28). A CD whose TTB1
    /// walks are cacheable (write-back, inner shareable, as Linux programs TTB0) is legal.
    /// </summary>
    [Fact]
    public void Cd_with_cacheable_ttb1_walks_translates_the_upper_range()
    {
        var bed = new Smmuv3TestBed();
        var low = bed.Stage1Tables();
        var high = bed.Stage1Tables();
        const ulong upperVa = 0xFFFF_8000_0000_2000;
        high.Map(upperVa & 0xFFFF_FFFF_FFFF, 0x7100_0000, 0x1000, IommuLayouts.Emulator.PageTables.IommuProt.Read);
        var cd = Smmuv3TestBed.Cd(low.RootAddress) with { EPD1 = false, T1SZ = 16, TG1 = Tg1Granule.Size4K, TTB1 = high.RootAddress };
        const ulong cdAddress = 0x4E20_0000;
        bed.WriteCd(cdAddress, WithBits(cd, 24, 0b11_01_01)); // IR1 = 1 (WBWA), OR1 = 1, SH1 = 3 (inner shareable)
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(cdAddress));
        var r = bed.Read(Sid, upperVa);
        Assert.Equal(Smmuv3Outcome.Translated, r.Outcome);
        Assert.Equal(0x7100_0000UL, r.OutputAddress);
    }

    /// <summary>
    /// CD.WXN (bit 36, source as above: CD_WXN {1, 4, 1}, "DEP on privileged pages"): a region writable at a privilege is
    /// execute-never there (Arm ARM SCTLR_ELx.WXN, which the CD bit stands for).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cd_wxn_makes_a_writable_page_execute_never(bool wxn)
    {
        var bed = new Smmuv3TestBed();
        var tables = bed.Stage1Tables();
        const ulong va = 0x40_0000_1000;
        var rwPriv = IommuLayouts.Emulator.PageTables.IommuProt.Read | IommuLayouts.Emulator.PageTables.IommuProt.Write
            | IommuLayouts.Emulator.PageTables.IommuProt.Priv;
        tables.Map(va, 0x7000_0000, 0x1000, rwPriv);
        const ulong cdAddress = 0x4E20_0000;
        bed.WriteCd(cdAddress, WithBits(Smmuv3TestBed.Cd(tables.RootAddress), 36, wxn ? 1UL : 0)); // CD.WXN
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(cdAddress));
        var fetch = bed.Smmu.Translate(new Smmuv3Request(Sid, va, IommuLayouts.Emulator.Walkers.AccessKind.InstructionFetch, privileged: true));
        if (wxn)
        {
            Assert.Equal(EventType.F_PERMISSION, fetch.EventType);
        }
        else
        {
            Assert.Equal(Smmuv3Outcome.Translated, fetch.Outcome);
        }

        var write = bed.Smmu.Translate(new Smmuv3Request(Sid, va, IommuLayouts.Emulator.Walkers.AccessKind.Write, privileged: true));
        Assert.Equal(Smmuv3Outcome.Translated, write.Outcome);
    }

    // STE dword-1 attribute overrides, positions from Arm Trusted Firmware / EDK2 SmmuV3 headers (absolute bit numbers:
    // STE_MTCFG_SHIFT (100 - WRAP_1DW), STE_ALLOCCFG_SHIFT (101 - WRAP_1DW), STE_SHCFG_SHIFT (108 - WRAP_1DW),
    // STE_NSCFG_SHIFT (110 - WRAP_1DW), STE_PRIVCFG_SHIFT (112 - WRAP_1DW), STE_INSTCFG_SHIFT (114 - WRAP_1DW)) and the
    // Qualcomm UEFI HAL's g_ste_field_info (MemAttr {3, 0, 4} = bits 99:96).
    private const int SteMemAttr = 96, SteMtCfg = 100, SteAllocCfg = 101, SteNsCfg = 110, StePrivCfg = 112, SteInstCfg = 114;

    /// <summary>
    /// A bypass STE with every attribute override set, as platform firmware programs one (TF-A create_bypass_ste and
    /// EDK2 Smmuv3 write MTCFG/ALLOCCFG/NSCFG/PRIVCFG/INSTCFG at the shifts above), is legal: the transaction bypasses,
    /// with or without IDR1.ATTR_PERMS_OVR.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bypass_ste_with_attribute_overrides_bypasses(bool permsOverride)
    {
        var bed = new Smmuv3TestBed(Smmuv3Capabilities.Default with { AttributePermissionsOverride = permsOverride });
        var ste = new StreamTableEntry { V = true, Config = SteConfig.Bypass, SHCFG = 1 };
        ste = WithBits(ste, SteMemAttr, 0xF);       // MemAttr: Normal write-back
        ste = WithBits(ste, SteMtCfg, 1);           // MTCFG: replace the memory type with MemAttr
        ste = WithBits(ste, SteAllocCfg, 0b1110);   // ALLOCCFG: override, read- and write-allocate
        ste = WithBits(ste, SteNsCfg, 3);           // NSCFG: Non-secure
        ste = WithBits(ste, StePrivCfg, 3);         // PRIVCFG: privileged
        ste = WithBits(ste, SteInstCfg, 2);         // INSTCFG: data
        bed.WriteSte(Sid, ste);
        var r = bed.Read(Sid, Va);
        Assert.Equal(Smmuv3Outcome.Bypassed, r.Outcome);
        Assert.Equal(Va, r.OutputAddress);
    }

    /// <summary>
    /// STE.PRIVCFG (0 use incoming, 2 unprivileged, 3 privileged) replaces the privilege the stage-1 permission check sees,
    /// when IDR1.ATTR_PERMS_OVR says the SMMU implements the override (without it the field is RES0 and the incoming
    /// attribute is used, as IHI 0070 says of the override fields, quoted by Linux commit "iommu/arm-smmu-v3: Fix access
    /// for STE.SHCFG"). Positions: STE_PRIVCFG_SHIFT (112 - WRAP_1DW) above.
    /// </summary>
    [Theory]
    [InlineData(true, 0, false, false)]  // incoming unprivileged: an EL1-only page refuses it
    [InlineData(true, 3, false, true)]   // forced privileged
    [InlineData(true, 2, true, false)]   // forced unprivileged
    [InlineData(false, 3, false, false)] // no ATTR_PERMS_OVR: ignored
    public void Privcfg_changes_the_privilege_the_permission_check_sees(bool permsOverride, int privcfg, bool privileged, bool allowed)
    {
        var bed = new Smmuv3TestBed(Smmuv3Capabilities.Default with { AttributePermissionsOverride = permsOverride });
        var tables = bed.Stage1Tables();
        const ulong va = 0x40_0000_1000;
        tables.Map(va, 0x7000_0000, 0x1000, IommuLayouts.Emulator.PageTables.IommuProt.Read | IommuLayouts.Emulator.PageTables.IommuProt.Priv);
        const ulong cdAddress = 0x4E20_0000;
        bed.WriteCd(cdAddress, Smmuv3TestBed.Cd(tables.RootAddress));
        bed.WriteSte(Sid, WithBits(Smmuv3TestBed.S1Ste(cdAddress), StePrivCfg, (ulong)privcfg));
        var r = bed.Read(Sid, va, privileged);
        Assert.Equal(allowed ? Smmuv3Outcome.Translated : Smmuv3Outcome.Faulted, r.Outcome);
        if (!allowed)
        {
            Assert.Equal(EventType.F_PERMISSION, r.EventType);
        }
    }

    /// <summary>
    /// The override applies to every transaction, also to one that repeats an access to a page just translated: with
    /// INSTCFG = 3 a write (data) succeeds on an RW execute-never page and the read after it, made an instruction fetch,
    /// still faults (no shortcut may check the incoming attributes instead of the overridden ones).
    /// </summary>
    [Fact]
    public void Instcfg_applies_to_a_repeated_access_of_the_page_just_translated()
    {
        var bed = new Smmuv3TestBed(Smmuv3Capabilities.Default with { AttributePermissionsOverride = true });
        var tables = bed.Stage1Tables();
        const ulong va = 0x40_0000_1000;
        tables.Map(va, 0x7000_0000, 0x1000, IommuLayouts.Emulator.PageTables.IommuProt.Read | IommuLayouts.Emulator.PageTables.IommuProt.Write
            | IommuLayouts.Emulator.PageTables.IommuProt.NoExec);
        const ulong cdAddress = 0x4E20_0000;
        bed.WriteCd(cdAddress, Smmuv3TestBed.Cd(tables.RootAddress));
        bed.WriteSte(Sid, WithBits(Smmuv3TestBed.S1Ste(cdAddress), SteInstCfg, 3));
        Assert.Equal(Smmuv3Outcome.Translated, bed.Smmu.Translate(new Smmuv3Request(Sid, va, AccessKind.Write)).Outcome);
        var read = bed.Smmu.Translate(new Smmuv3Request(Sid, va, AccessKind.Read));
        Assert.Equal(Smmuv3Outcome.Faulted, read.Outcome);
        Assert.Equal(EventType.F_PERMISSION, read.EventType);
    }

    /// <summary>
    /// STE.INSTCFG (0 use incoming, 2 data, 3 instruction) replaces the instruction/data attribute of reads that the
    /// permission check sees (a write stays a data write), with IDR1.ATTR_PERMS_OVR. Positions: STE_INSTCFG_SHIFT
    /// (114 - WRAP_1DW) above. The page is readable and writable but execute-never.
    /// </summary>
    [Theory]
    [InlineData(0, AccessKind.Read, true)]
    [InlineData(3, AccessKind.Read, false)]            // a read made an instruction fetch of an XN page
    [InlineData(3, AccessKind.Write, true)]            // writes are data whatever INSTCFG says
    [InlineData(0, AccessKind.InstructionFetch, false)]
    [InlineData(2, AccessKind.InstructionFetch, true)] // a fetch made a data read
    public void Instcfg_changes_the_instruction_attribute_the_permission_check_sees(int instcfg, AccessKind access, bool allowed)
    {
        var bed = new Smmuv3TestBed(Smmuv3Capabilities.Default with { AttributePermissionsOverride = true });
        var tables = bed.Stage1Tables();
        const ulong va = 0x40_0000_1000;
        tables.Map(va, 0x7000_0000, 0x1000, IommuLayouts.Emulator.PageTables.IommuProt.Read | IommuLayouts.Emulator.PageTables.IommuProt.Write
            | IommuLayouts.Emulator.PageTables.IommuProt.NoExec);
        const ulong cdAddress = 0x4E20_0000;
        bed.WriteCd(cdAddress, Smmuv3TestBed.Cd(tables.RootAddress));
        bed.WriteSte(Sid, WithBits(Smmuv3TestBed.S1Ste(cdAddress), SteInstCfg, (ulong)instcfg));
        var r = bed.Smmu.Translate(new Smmuv3Request(Sid, va, access));
        Assert.Equal(allowed ? Smmuv3Outcome.Translated : Smmuv3Outcome.Faulted, r.Outcome);
        if (!allowed)
        {
            Assert.Equal(EventType.F_PERMISSION, r.EventType);
            Assert.True(r.Event.InD);
        }
    }

    /// <summary>CMDQ_CONS.ERR (bits 30:24) after submitting one command to a fresh, enabled SMMU: 0 CERROR_NONE, 1 CERROR_ILL.</summary>
    private static uint CommandError(Smmuv3Capabilities? caps, ulong word0, ulong word1)
    {
        var bed = new Smmuv3TestBed(caps);
        bed.Submit(word0, word1);
        return (bed.R32(Smmuv3RegisterMap.CmdqCons) >> 24) & 0x7F;
    }

    /// <summary>
    /// CMD_PREFETCH_ADDR (opcode 0x02) as Linux arm_smmu_cmdq_build_cmd encodes it: CMDQ_PREFETCH_0_SID GENMASK(63, 32),
    /// CMDQ_PREFETCH_1_SIZE GENMASK(4, 0), CMDQ_PREFETCH_1_ADDR_MASK GENMASK(63, 12). A legal one completes (a hint); a
    /// RES0 bit set (dword 1 bit 5, between Size and Addr) is CERROR_ILL like any other command's.
    /// </summary>
    [Fact]
    public void Prefetch_addr_is_legal_and_its_res0_bits_are_cerror_ill()
    {
        const ulong word0 = 0x02UL | (7UL << 32);              // StreamID 7
        const ulong word1 = 12UL | 0x0000_0040_0000_0000UL;     // Size 12 (4 KB), Addr 0x40_0000_0000
        Assert.Equal(0u, CommandError(null, word0, word1));
        Assert.Equal(1u, CommandError(null, word0, word1 | (1UL << 5)));
    }

    /// <summary>
    /// CMD_STALL_TERM (opcode 0x45, StreamID in bits 63:32 as QEMU CMD_SID reads it) is not available when
    /// SMMU_IDR0.STALL_MODEL = 0b01 (IHI 0070 SMMU_IDR0.STALL_MODEL: "Stall is not supported ... CMD_RESUME and
    /// CMD_STALL_TERM are not available"), which this model advertises: CERROR_ILL.
    /// </summary>
    [Fact]
    public void Stall_term_without_stall_support_is_cerror_ill()
    {
        Assert.Equal(1u, CommandError(null, 0x45UL | (1UL << 32), 0));
    }

    /// <summary>
    /// The EL2 TLBIs (Linux CMDQ_OP_TLBI_EL2_ALL 0x20, _ASID 0x21 with CMDQ_TLBI_0_ASID, _VA 0x22; QEMU SMMU_CMD_TLBI_EL2_VAA
    /// 0x23) need IDR0.HYP, which this model does not advertise; the EL3 TLBIs (QEMU SMMU_CMD_TLBI_EL3_ALL 0x18, _VA 0x1A)
    /// exist only on a Secure command queue, and the model has only the Non-secure one: all CERROR_ILL, whatever the fields.
    /// </summary>
    [Theory]
    [InlineData(0x20UL, 0UL)]
    [InlineData(0x21UL | (5UL << 48), 0UL)]
    [InlineData(0x22UL | (5UL << 48), 0x40_0000_1000UL | 1)]
    [InlineData(0x23UL, 0x40_0000_1000UL)]
    [InlineData(0x18UL, 0UL)]
    [InlineData(0x1AUL, 0x40_0000_1000UL)]
    public void El2_and_el3_tlbis_are_cerror_ill_without_hyp_and_a_secure_queue(ulong word0, ulong word1)
    {
        Assert.Equal(1u, CommandError(null, word0, word1));
    }

    /// <summary><paramref name="ste"/> with <paramref name="value"/> ORed in at absolute bit <paramref name="lo"/>.</summary>
    private static StreamTableEntry WithBits(StreamTableEntry ste, int lo, ulong value)
    {
        var words = new ulong[8];
        ste.CopyWordsTo(words);
        words[lo / 64] |= value << (lo % 64);
        return StreamTableEntry.FromWords(words);
    }

    /// <summary><paramref name="cd"/> with <paramref name="value"/> ORed in at absolute bit <paramref name="lo"/> (set by raw bit number, as firmware does).</summary>
    private static ContextDescriptor WithBits(ContextDescriptor cd, int lo, ulong value)
    {
        var words = new ulong[8];
        cd.CopyWordsTo(words);
        words[lo / 64] |= value << (lo % 64);
        return ContextDescriptor.FromWords(words);
    }
}
