using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>Each CD rule broken alone on an otherwise legal CD, and the same values where the CD does not use them.</summary>
public sealed class CdValidationTests
{
    /// <summary>A legal CD: TTB0 with 4 KB pages and a 48-bit range (a 4 KB level-0 table); TTB1 with 16 KB pages, 39 bits.</summary>
    private static ContextDescriptor Cd() => new()
    {
        V = true, AA64 = true, A = true, R = true, ASID = 5, IPS = AddressSize.Bits48,
        T0SZ = 16, TG0 = Tg0Granule.Size4K, TTB0 = 0x1_0000_0000,
        T1SZ = 25, TG1 = Tg1Granule.Size16K, TTB1 = 0x2_0000_0000,
    };

    [Fact]
    public void Legal_cd_reports_nothing() => Assert.True(Cd().Validate().IsValid, Cd().Validate().ToString());

    [Fact]
    public void Reserved_tg0_is_reported()
    {
        var cd = Cd();
        cd.TG0 = Tg0Granule.Reserved3;
        Entry.AssertViolations(cd.Validate(), ("CD.TG0", 6, 7));
    }

    [Fact]
    public void Reserved_tg1_is_reported_and_its_encoding_differs_from_tg0()
    {
        var cd = Cd();
        cd.TG1 = Tg1Granule.Reserved0;
        Entry.AssertViolations(cd.Validate(), ("CD.TG1", 22, 23));

        // The raw value 0 means 4 KB in TG0 but is reserved in TG1; raw 3 is reserved in TG0 but 64 KB in TG1.
        var raw = Entry.From<ContextDescriptor>(0UL << 6 | 3UL << 22);
        Assert.Equal(Tg0Granule.Size4K, raw.TG0);
        Assert.Equal(Tg1Granule.Size64K, raw.TG1);
    }

    [Theory]
    [InlineData(Tg0Granule.Size4K, 15)]
    [InlineData(Tg0Granule.Size16K, 49)]
    [InlineData(Tg0Granule.Size64K, 11)]
    public void T0sz_outside_the_granules_range_is_reported(Tg0Granule granule, int t0sz)
    {
        var cd = Cd();
        cd.TG0 = granule;
        cd.T0SZ = (byte)t0sz;
        Entry.AssertViolations(cd.Validate(), ("CD.T0SZ", 0, 5));
    }

    [Fact]
    public void T1sz_outside_the_granules_range_is_reported()
    {
        var cd = Cd();
        cd.T1SZ = 50;
        Entry.AssertViolations(cd.Validate(), ("CD.T1SZ", 16, 21));
    }

    [Fact]
    public void Ttb0_not_aligned_to_its_start_table_is_reported()
    {
        var cd = Cd();
        cd.TTB0 = 0x1_0000_0800;
        Entry.AssertViolations(cd.Validate(), ("CD.TTB0", 68, 115));
    }

    [Fact]
    public void Ttb1_not_aligned_to_its_start_table_is_reported()
    {
        // 39-bit range with 16 KB pages starts at level 1 (bits 38:36): an 8-entry, 64-byte table.
        var cd = Cd();
        cd.TTB1 = 0x2_0000_0040;
        Assert.True(cd.Validate().IsValid, cd.Validate().ToString());
        cd.TTB1 = 0x2_0000_0020;
        Entry.AssertViolations(cd.Validate(), ("CD.TTB1", 132, 179));
    }

    [Fact]
    public void Disabled_tables_are_not_checked()
    {
        var cd = Cd();
        cd.TG0 = Tg0Granule.Reserved3;
        cd.T1SZ = 0;
        cd.TTB1 = 0x10;
        cd.EPD0 = true;
        cd.EPD1 = true;
        Assert.True(cd.Validate().IsValid, cd.Validate().ToString());
    }

    [Fact]
    public void Aarch32_and_invalid_cds_are_left_to_the_emulator()
    {
        var cd = Cd();
        cd.TG0 = Tg0Granule.Reserved3;
        cd.AA64 = false;
        Assert.True(cd.Validate().IsValid);
        cd.AA64 = true;
        cd.V = false;
        Assert.True(cd.Validate().IsValid);
    }

    [Fact]
    public void Res0_bits_are_reported()
    {
        // Bits 37 and 40 of dword 0 (UWXN and PAN in the Qualcomm HAL's g_cd_field_info, not modelled), and dword 1 bits
        // 2..3, are RES0 here. Bit 36 is WXN (g_cd_field_info CD_WXN {1, 4, 1}), so setting 36..37 reports only 37.
        var cd = Cd();
        cd.SetWord(0, cd.GetWord(0) | 3UL << 36 | 1UL << 40);
        cd.SetWord(1, cd.GetWord(1) | 1UL << 2);
        Entry.AssertViolations(cd.Validate(), ("RES0", 37, 37), ("RES0", 40, 40), ("RES0", 66, 66));
    }
}
