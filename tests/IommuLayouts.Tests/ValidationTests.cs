using System;
using IommuLayouts.Tests.Layouts;
using Xunit;

namespace IommuLayouts.Tests;

public sealed class ValidationTests
{
    private static Wide512 ValidWide()
    {
        var entry = default(Wide512);
        entry.Valid = true;
        entry.Mode = WideMode.Stage1;
        entry.ContextPtr = 0x4000_2000;
        entry.TablePtr = 0x8000_1000;
        entry.SetWord(1, 3UL << 56); // RES1 bits 120..121 (word 1 bits 56..57)
        return entry;
    }

    [Fact]
    public void Valid_entry_has_no_violations_and_allocates_nothing()
    {
        var entry = ValidWide();
        Assert.True(entry.Validate().IsValid); // warm up (JIT, static tables)

        var before = GC.GetAllocatedBytesForCurrentThread();
        var report = entry.Validate();
        var after = GC.GetAllocatedBytesForCurrentThread();

        Assert.True(report.IsValid);
        Assert.Empty(report);
        Assert.Equal(0, after - before);
    }

    [Fact]
    public void Clear_RES1_bit_is_reported()
    {
        var entry = ValidWide();
        entry.SetWord(1, 1UL << 56); // bit 121 clear

        var violation = Assert.Single(entry.Validate());
        Assert.Equal(new Violation(Violation.Res1, 121, 121, "RES1 bit 121 is clear"), violation);
    }

    [Fact]
    public void Set_RES0_bits_are_reported_as_runs_merged_across_words()
    {
        var entry = ValidWide();
        entry.SetWord(5, ulong.MaxValue); // word 5 (bits 320..383) is wholly RES0
        entry.SetWord(0, entry.GetWord(0) | (1UL << 4) | (1UL << 5) | (1UL << 52)); // bits 4, 5 and 52 are RES0

        var report = entry.Validate();

        Assert.Equal(3, report.Count);
        Assert.Equal(new Violation(Violation.Res0, 4, 5, "RES0 bits 4..5 are set"), report[0]);
        Assert.Equal(new Violation(Violation.Res0, 52, 52, "RES0 bit 52 is set"), report[1]);
        Assert.Equal(new Violation(Violation.Res0, 320, 383, "RES0 bits 320..383 are set"), report[2]);
    }

    [Fact]
    public void Undefined_enum_encoding_is_reported()
    {
        var entry = ValidWide();
        entry.SetWord(0, (entry.GetWord(0) & ~0xEUL) | (2UL << 1)); // Mode = 2 is not a WideMode
        entry.SetWord(2, 3UL << 46); // Tg = 3 is not a Granule

        var report = entry.Validate();

        Assert.Equal(2, report.Count);
        Assert.Equal(Violation.UndefinedEnum, report[0].Rule);
        Assert.Equal((1, 3), (report[0].Lo, report[0].Hi));
        Assert.Equal("Mode = 2 (0x2) is not a defined WideMode encoding", report[0].Message);
        Assert.Equal((174, 175), (report[1].Lo, report[1].Hi));
    }

    [Fact]
    public void Misaligned_address_is_reported()
    {
        var entry = ValidWide();
        entry.TablePtr = 0x8000_1010; // AlignBits = 12: bits 4..11 of the address must be zero
        entry.Msi = 0x1004; // AlignBits = 3

        var report = entry.Validate();

        Assert.Equal(2, report.Count);
        Assert.Equal(new Violation(Violation.Alignment, 196, 243, "TablePtr = 0x80001010 is not aligned to 4096 bytes"), report[0]);
        Assert.Equal(new Violation(Violation.Alignment, 384, 447, "Msi = 0x1004 is not aligned to 8 bytes"), report[1]);
    }

    [Fact]
    public void Rule_hook_violations_are_reported_after_the_generated_checks()
    {
        var entry = ValidWide();
        entry.Sl0 = 3;
        entry.SetWord(0, entry.GetWord(0) | (1UL << 4));

        var report = entry.Validate();

        Assert.Equal(2, report.Count);
        Assert.Equal(Violation.Res0, report[0].Rule);
        Assert.Equal(new Violation("WIDE.SL0", 166, 167, "Sl0 = 3 is reserved"), report[1]);
        Assert.True(report.Contains("WIDE.SL0"));
        Assert.False(report.Contains(Violation.Res1));
    }

    [Fact]
    public void Layout_ops_validate_without_the_clr_type()
    {
        var entry = ValidWide();
        Span<ulong> words = stackalloc ulong[8];
        entry.CopyWordsTo(words);
        words[5] = 1;

        var report = Wide512.Layout.Ops.Validate(words);

        Assert.Equal(new Violation(Violation.Res0, 320, 320, "RES0 bit 320 is set"), Assert.Single(report));
        Assert.StartsWith("sample.wide512 { Valid = true", Wide512.Layout.Ops.Format(words), StringComparison.Ordinal);
    }

    [Fact]
    public void Enum_field_without_CheckEnum_is_left_to_the_rule_hook()
    {
        var entry = default(Flags64);
        entry.ShadowPolicy = (CachePolicy)5; // not a CachePolicy, but the field is not live while Enable is clear

        Assert.True(entry.Validate().IsValid);
        Assert.Contains("ShadowPolicy = 0x5 (undefined)", entry.ToString(), StringComparison.Ordinal);

        entry.Enable = true;
        Assert.Equal(new Violation("FLAGS.SHADOW", 28, 30, "ShadowPolicy is reserved while Enable is set"), Assert.Single(entry.Validate()));
    }
}
