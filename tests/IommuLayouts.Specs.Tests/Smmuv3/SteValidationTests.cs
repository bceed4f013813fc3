using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// Each STE rule, broken alone on an otherwise legal entry, with the exact violation it must produce; and the
/// same bad values in fields the Config leaves unused, which must not be reported.
/// </summary>
public sealed class SteValidationTests
{
    /// <summary>A legal stage-1 STE: linear CD table of 4 CDs.</summary>
    private static StreamTableEntry S1() => new()
    {
        V = true, Config = SteConfig.S1Translate, S1ContextPtr = 0x8000_0000, S1CDMax = 2, S1DSS = SteS1Dss.Ssid0,
    };

    /// <summary>A legal stage-2 STE: 4 KB granule, 40-bit IPA starting at level 1 (a 1024-entry, 8 KB start table).</summary>
    private static StreamTableEntry S2() => new()
    {
        V = true, Config = SteConfig.S2Translate, S2VMID = 1, S2T0SZ = 24, S2SL0 = 1, S2TG = Tg0Granule.Size4K,
        S2PS = AddressSize.Bits40, S2AA64 = true, S2R = true, S2TTB = 0x4000_0000,
    };

    [Fact]
    public void Legal_entries_report_nothing()
    {
        Assert.True(S1().Validate().IsValid);
        Assert.True(S2().Validate().IsValid);
        var nested = S2();
        nested.Config = SteConfig.Nested;
        nested.S1ContextPtr = 0x8000_0000;
        Assert.True(nested.Validate().IsValid);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reserved_config_is_reported(int config)
    {
        var ste = Entry.From<StreamTableEntry>(1UL | (ulong)config << 1);
        Entry.AssertViolations(ste.Validate(), ("ENUM", 1, 3));
    }

    [Fact]
    public void Reserved_s1fmt_is_reported_when_stage1_is_enabled()
    {
        var ste = S1();
        ste.S1Fmt = SteS1Format.Reserved3;
        Entry.AssertViolations(ste.Validate(), ("STE.S1FMT", 4, 5));
    }

    [Fact]
    public void Reserved_s1dss_is_reported_when_stage1_is_enabled()
    {
        var ste = S1();
        ste.S1DSS = SteS1Dss.Reserved3;
        Entry.AssertViolations(ste.Validate(), ("STE.S1DSS", 64, 65));
    }

    [Fact]
    public void Reserved_eats_is_reported_when_a_stage_translates()
    {
        var s1 = S1();
        s1.EATS = SteEats.Reserved3;
        Entry.AssertViolations(s1.Validate(), ("STE.EATS", 92, 93));
        var s2 = S2();
        s2.EATS = SteEats.Reserved3;
        Entry.AssertViolations(s2.Validate(), ("STE.EATS", 92, 93));
    }

    [Fact]
    public void Reserved_s2tg_is_reported_when_stage2_is_enabled()
    {
        var ste = S2();
        ste.S2TG = Tg0Granule.Reserved3;
        Entry.AssertViolations(ste.Validate(), ("STE.S2TG", 174, 175));
    }

    [Theory]
    [InlineData(Tg0Granule.Size4K, 15)]
    [InlineData(Tg0Granule.Size4K, 49)]
    [InlineData(Tg0Granule.Size16K, 12)]
    [InlineData(Tg0Granule.Size64K, 11)]
    [InlineData(Tg0Granule.Size64K, 48)]
    public void S2t0sz_outside_the_granules_range_is_reported(Tg0Granule granule, int t0sz)
    {
        var ste = S2();
        ste.S2TG = granule;
        ste.S2T0SZ = (byte)t0sz;
        Entry.AssertViolations(ste.Validate(), ("STE.S2T0SZ", 160, 165));
    }

    [Fact]
    public void A_52_bit_ipa_is_legal_with_64k_pages_only()
    {
        // 64 KB, S2T0SZ 12, SL0 2 (level 1 resolves 43..59-bit inputs); the level-1 table has 2^(52-42) = 1024 entries (8 KB).
        var ste = S2();
        ste.S2TG = Tg0Granule.Size64K;
        ste.S2T0SZ = 12;
        ste.S2SL0 = 2;
        ste.S2PS = AddressSize.Bits52;
        Assert.True(ste.Validate().IsValid, ste.Validate().ToString());
    }

    [Theory]
    [InlineData(Tg0Granule.Size16K)]
    [InlineData(Tg0Granule.Size64K)]
    public void S2sl0_3_is_reserved_for_16k_and_64k(Tg0Granule granule)
    {
        var ste = S2();
        ste.S2TG = granule;
        ste.S2T0SZ = 30;
        ste.S2SL0 = 3;
        Entry.AssertViolations(ste.Validate(), ("STE.S2SL0", 166, 167));
    }

    [Fact]
    public void S2sl0_3_with_4k_starts_at_level_3_and_is_left_to_the_emulator()
    {
        // Level 3 resolves 13..25-bit inputs; S2T0SZ 40 (24 bits) needs IDR3.STT, which only the emulator knows.
        var ste = S2();
        ste.S2SL0 = 3;
        ste.S2T0SZ = 40;
        Assert.True(ste.Validate().IsValid, ste.Validate().ToString());
    }

    [Theory]
    [InlineData(Tg0Granule.Size4K, 0, 16)]  // level 2 resolves 22..34-bit inputs; 48 asked
    [InlineData(Tg0Granule.Size4K, 2, 25)]  // level 0 resolves 40..52-bit inputs; 39 asked
    [InlineData(Tg0Granule.Size16K, 0, 16)] // level 3 resolves 15..29-bit inputs; 48 asked
    [InlineData(Tg0Granule.Size64K, 1, 16)] // level 2 resolves 30..46-bit inputs; 48 asked
    public void S2sl0_inconsistent_with_s2t0sz_is_reported(Tg0Granule granule, int sl0, int t0sz)
    {
        var ste = S2();
        ste.S2TG = granule;
        ste.S2SL0 = (byte)sl0;
        ste.S2T0SZ = (byte)t0sz;
        Entry.AssertViolations(ste.Validate(), ("STE.S2SL0", 160, 167));
    }

    [Fact]
    public void A_48_bit_ipa_may_start_at_level_1_with_16k_pages()
    {
        // 16 KB level 1 resolves 2*11 + 14 + 1 = 37 up to 37 + 10 + 4 = 51-bit inputs: 48 bits is two concatenated tables.
        var ste = S2();
        ste.S2TG = Tg0Granule.Size16K;
        ste.S2SL0 = 2;
        ste.S2T0SZ = 16;
        Assert.True(ste.Validate().IsValid, ste.Validate().ToString());
    }

    [Fact]
    public void Concatenated_start_tables_up_to_16_are_legal()
    {
        // 4 KB, level 1 (SL0 1): 31..43-bit inputs; 43 bits = 16 concatenated level-1 tables (64 KB aligned).
        var ste = S2();
        ste.S2T0SZ = 21;
        ste.S2TTB = 0x1_0000;
        Assert.True(ste.Validate().IsValid, ste.Validate().ToString());
        ste.S2T0SZ = 20; // 44 bits would need 32 tables
        Entry.AssertViolations(ste.Validate(), ("STE.S2SL0", 160, 167));
    }

    [Fact]
    public void S2ttb_not_aligned_to_its_start_table_is_reported()
    {
        // 40-bit IPA from level 1 with 4 KB: 2^(40-30) entries = 8 KB, so S2TTB must be 8 KB aligned.
        var ste = S2();
        ste.S2TTB = 0x4000_1000;
        Entry.AssertViolations(ste.Validate(), ("STE.S2TTB", 196, 243));
        ste.S2TTB = 0x4000_2000;
        Assert.True(ste.Validate().IsValid);
    }

    [Fact]
    public void Abort_and_bypass_stes_with_leftovers_in_unused_fields_are_legal()
    {
        var leftovers = new StreamTableEntry
        {
            V = true, S1Fmt = SteS1Format.Reserved3, S1DSS = SteS1Dss.Reserved3, EATS = SteEats.Reserved3,
            S2T0SZ = 0, S2SL0 = 3, S2TG = Tg0Granule.Reserved3, S2TTB = 0x10,
        };
        leftovers.Config = SteConfig.Abort;
        Assert.True(leftovers.Validate().IsValid, leftovers.Validate().ToString());
        leftovers.Config = SteConfig.Bypass;
        Assert.True(leftovers.Validate().IsValid, leftovers.Validate().ToString());
    }

    [Fact]
    public void Stage2_fields_are_not_checked_in_a_stage1_ste_nor_stage1_fields_in_a_stage2_ste()
    {
        var s1 = S1();
        s1.S2TG = Tg0Granule.Reserved3;
        s1.S2SL0 = 3;
        Assert.True(s1.Validate().IsValid);

        var s2 = S2();
        s2.S1Fmt = SteS1Format.Reserved3;
        s2.S1DSS = SteS1Dss.Reserved3;
        Assert.True(s2.Validate().IsValid);
    }

    [Fact]
    public void An_invalid_ste_is_not_checked_beyond_its_encoding()
    {
        var ste = S2();
        ste.S2TG = Tg0Granule.Reserved3;
        ste.V = false;
        Assert.True(ste.Validate().IsValid);
    }

    [Fact]
    public void Res0_bits_are_reported_in_every_config()
    {
        // Bit 52 is above Linux's S1ContextPtr [51:6]; bit 256 is in dword 4, which neither source defines.
        var ste = Entry.From<StreamTableEntry>(1UL | 1UL << 52, 0, 0, 0, 1UL);
        Entry.AssertViolations(ste.Validate(), ("RES0", 52, 52), ("RES0", 256, 256));
    }

    [Fact]
    public void Nested_ste_checks_both_stages()
    {
        var ste = S2();
        ste.Config = SteConfig.Nested;
        ste.S1Fmt = SteS1Format.Reserved3;
        ste.S2TG = Tg0Granule.Reserved3;
        Entry.AssertViolations(ste.Validate(), ("STE.S1FMT", 4, 5), ("STE.S2TG", 174, 175));
    }
}
