using System;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

/// <summary>
/// PASID table entries as Linux and QEMU write them. Expected words are computed by hand from the bit positions
/// the setters use (drivers/iommu/intel/pasid.h: AW bits 2..4, PGTT 6..8, SSADE 9, SLPTR 12..63 of val[0];
/// DID 0..15, PWSNP 23, PGSNP 24 of val[1]; SRE 0, FLPM 2..3, WPE 4, EAFE 7, FLPTR 12..63 of val[2]).
/// </summary>
public sealed class PasidEntryGoldenTests
{
    // Linux drivers/iommu/intel/pasid.c pasid_pte_config_first_level(iommu, pte, fsptptr = 0x1_2345_6000,
    // did = 0x42, flags = PASID_FLAG_FL5LP | PASID_FLAG_PAGE_SNOOP | PASID_FLAG_PWSNP) on a unit with agaw = 2:
    // pasid_clear_entry; pasid_set_flptr; pasid_set_flpm(1); pasid_set_pgsnp; pasid_set_domain_id;
    // pasid_set_address_width(2); pasid_set_page_snoop(1); pasid_set_translation_type(FL_ONLY = 1); pasid_set_present.
    private static readonly ulong[] s_linuxFirstStage =
    {
        (2UL << 2) | (1UL << 6) | 1UL,          // AW = 2, PGTT = 1, P
        0x42UL | (1UL << 23) | (1UL << 24),     // DID, PWSNP, PGSNP
        0x1_2345_6000UL | (1UL << 2),           // FLPTR, FLPM = 1
        0, 0, 0, 0, 0,
    };

    [Fact]
    public void Linux_first_stage_entry_decodes_field_by_field()
    {
        Assert.Equal(0x49UL, s_linuxFirstStage[0]);
        Assert.Equal(0x0180_0042UL, s_linuxFirstStage[1]);
        Assert.Equal(0x0000_0001_2345_6004UL, s_linuxFirstStage[2]);

        var e = PasidEntry.FromWords(s_linuxFirstStage);
        Assert.True(e.Present);
        Assert.False(e.FaultProcessingDisable);
        Assert.Equal(2, e.AddressWidth);
        Assert.Equal(PasidGranularTranslationType.FirstStage, e.TranslationType);
        Assert.Equal(0x42, e.DomainId);
        Assert.True(e.PageWalkSnoop);
        Assert.True(e.PageSnoop);
        Assert.Equal(FirstStagePagingMode.FiveLevel, e.FirstStagePagingMode);
        Assert.Equal(0x1_2345_6000UL, e.FirstStagePageTablePointer);
        Assert.Equal(0UL, e.SecondStagePageTablePointer);
        Assert.False(e.SupervisorRequestEnable);
        Assert.True(e.UsesFirstStage);
        Assert.False(e.UsesSecondStage);
        ViolationAssert.Valid(e.Validate());
    }

    [Fact]
    public void Linux_first_stage_entry_encodes_to_the_same_words()
    {
        var e = default(PasidEntry);
        e.FirstStagePageTablePointer = 0x1_2345_6000;
        e.FirstStagePagingMode = FirstStagePagingMode.FiveLevel;
        e.PageSnoop = true;
        e.DomainId = 0x42;
        e.AddressWidth = 2;
        e.PageWalkSnoop = true;
        e.TranslationType = PasidGranularTranslationType.FirstStage;
        e.Present = true;
        AssertWords(s_linuxFirstStage, e);
    }

    // Linux pasid_pte_config_second_level(iommu, pte, domain, did = 7) with pt_info.ssptptr = 0x8765_4000,
    // pt_info.aw = 2 (a 4-level table), a coherent table (PWSNP) and dirty tracking on (SSADE):
    // clear; domain id; slptr; address width; PGTT = SL_ONLY (2); fault enable (FPD = 0); page snoop; ssade; present.
    private static readonly ulong[] s_linuxSecondStage =
    {
        0x8765_4000UL | (1UL << 9) | (2UL << 6) | (2UL << 2) | 1UL,
        7UL | (1UL << 23),
        0, 0, 0, 0, 0, 0,
    };

    [Fact]
    public void Linux_second_stage_entry_decodes_and_encodes()
    {
        Assert.Equal(0x8765_4289UL, s_linuxSecondStage[0]);
        Assert.Equal(0x0080_0007UL, s_linuxSecondStage[1]);

        var e = PasidEntry.FromWords(s_linuxSecondStage);
        Assert.True(e.Present);
        Assert.Equal(PasidGranularTranslationType.SecondStage, e.TranslationType);
        Assert.Equal(2, e.AddressWidth);
        Assert.True(e.SecondStageAccessedDirtyEnable);
        Assert.Equal(0x8765_4000UL, e.SecondStagePageTablePointer);
        Assert.Equal(7, e.DomainId);
        Assert.True(e.PageWalkSnoop);
        Assert.False(e.PageSnoop);
        Assert.Equal(0UL, e.FirstStagePageTablePointer);
        Assert.False(e.UsesFirstStage);
        Assert.True(e.UsesSecondStage);
        ViolationAssert.Valid(e.Validate());

        var built = default(PasidEntry);
        built.DomainId = 7;
        built.SecondStagePageTablePointer = 0x8765_4000;
        built.AddressWidth = 2;
        built.TranslationType = PasidGranularTranslationType.SecondStage;
        built.FaultProcessingDisable = false;
        built.PageWalkSnoop = true;
        built.SecondStageAccessedDirtyEnable = true;
        built.Present = true;
        AssertWords(s_linuxSecondStage, built);
    }

    // Linux pasid_pte_config_nestd(iommu, pte, s1_cfg, s2_domain, did = 0x1234) with
    // s1_cfg = { addr_width = 57, pgtbl_addr = 0x4000_0000, flags = IOMMU_VTD_S1_SRE | IOMMU_VTD_S1_WPE | IOMMU_VTD_S1_EAFE },
    // an S2 domain with force_snooping, ssptptr = 0x2_0000_0000, aw = 2, coherent, no dirty tracking:
    // clear; flpm(1); flptr; sre; wpe; eafe; pgsnp; slptr; fault enable; domain id; address width; page snoop;
    // PGTT = NESTED (3); present (reference notes section 11.2).
    private static readonly ulong[] s_linuxNested =
    {
        0x2_0000_0000UL | (3UL << 6) | (2UL << 2) | 1UL,
        0x1234UL | (1UL << 23) | (1UL << 24),
        0x4000_0000UL | 1UL | (1UL << 2) | (1UL << 4) | (1UL << 7),
        0, 0, 0, 0, 0,
    };

    [Fact]
    public void Linux_nested_entry_decodes_and_encodes()
    {
        Assert.Equal(0x0000_0002_0000_00C9UL, s_linuxNested[0]);
        Assert.Equal(0x0180_1234UL, s_linuxNested[1]);
        Assert.Equal(0x4000_0095UL, s_linuxNested[2]);

        var e = PasidEntry.FromWords(s_linuxNested);
        Assert.True(e.Present);
        Assert.Equal(PasidGranularTranslationType.Nested, e.TranslationType);
        Assert.Equal(FirstStagePagingMode.FiveLevel, e.FirstStagePagingMode);
        Assert.Equal(0x4000_0000UL, e.FirstStagePageTablePointer);
        Assert.True(e.SupervisorRequestEnable);
        Assert.True(e.WriteProtectEnable);
        Assert.True(e.ExtendedAccessedFlagEnable);
        Assert.False(e.NoExecuteEnable);
        Assert.True(e.PageSnoop);
        Assert.True(e.PageWalkSnoop);
        Assert.Equal(0x2_0000_0000UL, e.SecondStagePageTablePointer);
        Assert.Equal(0x1234, e.DomainId);
        Assert.Equal(2, e.AddressWidth);
        Assert.False(e.SecondStageAccessedDirtyEnable);
        Assert.True(e.UsesFirstStage);
        Assert.True(e.UsesSecondStage);
        ViolationAssert.Valid(e.Validate());

        var built = default(PasidEntry);
        built.FirstStagePagingMode = FirstStagePagingMode.FiveLevel;
        built.FirstStagePageTablePointer = 0x4000_0000;
        built.SupervisorRequestEnable = true;
        built.WriteProtectEnable = true;
        built.ExtendedAccessedFlagEnable = true;
        built.PageSnoop = true;
        built.SecondStagePageTablePointer = 0x2_0000_0000;
        built.DomainId = 0x1234;
        built.AddressWidth = 2;
        built.PageWalkSnoop = true;
        built.TranslationType = PasidGranularTranslationType.Nested;
        built.Present = true;
        AssertWords(s_linuxNested, built);
    }

    // Linux pasid_pte_config_pass_through(iommu, pte, did = FLPT_DEFAULT_DID = 1) on a unit with agaw = 3 and
    // ECAP.SMPWC: clear; domain id; address width; PGTT = PT (4); fault enable; page snoop; present.
    private static readonly ulong[] s_linuxPassThrough =
    {
        1UL | (3UL << 2) | (4UL << 6),
        1UL | (1UL << 23),
        0, 0, 0, 0, 0, 0,
    };

    [Fact]
    public void Linux_pass_through_entry_decodes_and_encodes()
    {
        Assert.Equal(0x10DUL, s_linuxPassThrough[0]);
        Assert.Equal(0x0080_0001UL, s_linuxPassThrough[1]);

        var e = PasidEntry.FromWords(s_linuxPassThrough);
        Assert.True(e.Present);
        Assert.Equal(PasidGranularTranslationType.PassThrough, e.TranslationType);
        Assert.Equal(3, e.AddressWidth);
        Assert.Equal(1, e.DomainId);
        Assert.True(e.PageWalkSnoop);
        Assert.False(e.UsesFirstStage);
        Assert.False(e.UsesSecondStage);
        ViolationAssert.Valid(e.Validate());

        var built = default(PasidEntry);
        built.DomainId = 1;
        built.AddressWidth = 3;
        built.TranslationType = PasidGranularTranslationType.PassThrough;
        built.PageWalkSnoop = true;
        built.Present = true;
        AssertWords(s_linuxPassThrough, built);
    }

    // QEMU tests/qtest/libqos/qos-intel-iommu.c qvtd_build_pasid_table_entry (patchew-project/qemu, qos-intel-iommu.c at 06bbbc91, qos-intel-iommu.h at a1595585; used by qemu/qemu tests/qtest/iommu-intel-test.c at 08dc347e):
    // QVTD_DOMAIN_ID = 0, QVTD_AW_48BIT_ENCODING = 2, ptptr = QVTD_PT_L4_BASE = 0x1001_0000;
    // PT: val0 = P | VTD_SM_PASID_ENTRY_PT << 6; SLT: P | SST << 6 | 2 << 2 | ptptr; FLT: P | FST << 6, val2 = ptptr.
    [Theory]
    [InlineData(0x101UL, 0UL, PasidGranularTranslationType.PassThrough, 0, 0UL, 0UL)]
    [InlineData(0x1001_0089UL, 0UL, PasidGranularTranslationType.SecondStage, 2, 0x1001_0000UL, 0UL)]
    [InlineData(0x41UL, 0x1001_0000UL, PasidGranularTranslationType.FirstStage, 0, 0UL, 0x1001_0000UL)]
    public void Qemu_libqos_entries_decode_and_encode(ulong val0, ulong val2, PasidGranularTranslationType pgtt, byte aw, ulong ssptptr, ulong fsptptr)
    {
        var words = new ulong[] { val0, 0, val2, 0, 0, 0, 0, 0 };
        var e = PasidEntry.FromWords(words);
        Assert.True(e.Present);
        Assert.Equal(pgtt, e.TranslationType);
        Assert.Equal(aw, e.AddressWidth);
        Assert.Equal(ssptptr, e.SecondStagePageTablePointer);
        Assert.Equal(fsptptr, e.FirstStagePageTablePointer);
        Assert.Equal(FirstStagePagingMode.FourLevel, e.FirstStagePagingMode);
        Assert.Equal(0, e.DomainId);
        ViolationAssert.Valid(e.Validate());

        var built = default(PasidEntry);
        built.Present = true;
        built.TranslationType = pgtt;
        built.AddressWidth = aw;
        built.SecondStagePageTablePointer = ssptptr;
        built.FirstStagePageTablePointer = fsptptr;
        AssertWords(words, built);
    }

    [Fact]
    public void Entry_round_trips_through_its_64_little_endian_bytes()
    {
        var bytes = new byte[64];
        for (var i = 0; i < 3; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8, 8), s_linuxNested[i]);
        }

        var e = PasidEntry.Read(bytes);
        Assert.Equal(PasidGranularTranslationType.Nested, e.TranslationType);
        var back = new byte[64];
        e.WriteTo(back);
        Assert.Equal(bytes, back);
    }

    private static void AssertWords(ulong[] expected, PasidEntry entry)
    {
        for (var i = 0; i < 8; i++)
        {
            Assert.True(expected[i] == entry.GetWord(i), $"word {i}: expected 0x{expected[i]:X16}, got 0x{entry.GetWord(i):X16}");
        }
    }
}
