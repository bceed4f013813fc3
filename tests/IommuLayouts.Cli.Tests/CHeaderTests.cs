using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace IommuLayouts.Cli.Tests;

/// <summary>
/// export c-header, compiled by gcc (-Wall -Wextra -Werror -std=c11, 64-bit and -m32) together with a check file
/// that this test writes from the layout tables: each mask, enum value and RES0/RES1 mask must equal the bits the
/// table gives (a _Static_assert each, so the -m32 build checks them too), and a few masks are checked against the
/// values Linux's own headers define (arm-smmu-v3.h, intel iommu.h), written out by hand.
/// </summary>
public sealed class CHeaderTests
{
    private static readonly TimeSpan CompileTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Specs_headers_compile_and_every_macro_equals_the_layout_table_64_and_32_bit()
    {
        var gcc = ExternalTool.Require("gcc", "gcc");
        using var dir = ExternalTool.TempDirectory();
        var result = CliRunner.RunSpecs(string.Empty, "export", "c-header", "--all", "--output-dir", dir.Path);
        Assert.True(result.ExitCode == 0, result.Err);

        var check = new StringBuilder();
        foreach (var file in Directory.GetFiles(dir.Path, "*.h").Order(StringComparer.Ordinal))
        {
            check.Append(CultureInfo.InvariantCulture, $"#include \"{Path.GetFileName(file)}\"\n");
        }

        foreach (var layout in CliRunner.SpecsCatalog.All)
        {
            AppendTableChecks(check, layout);
        }

        // From Linux drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h, by hand:
        // STRTAB_STE_0_V BIT(0), STRTAB_STE_0_CFG GENMASK_ULL(3, 1), STRTAB_STE_0_S1CTXPTR_MASK GENMASK_ULL(51, 6),
        // STRTAB_STE_0_S1CDMAX GENMASK_ULL(63, 59), STRTAB_STE_1_S1DSS GENMASK_ULL(1, 0), STRTAB_STE_1_EATS GENMASK_ULL(29, 28),
        // STRTAB_STE_1_STRW GENMASK_ULL(31, 30), STRTAB_STE_2_S2VMID GENMASK_ULL(15, 0), STRTAB_STE_3_S2TTB_MASK GENMASK_ULL(51, 4),
        // STRTAB_STE_0_CFG_BYPASS 4, _S1_TRANS 5, _S2_TRANS 6, CTXDESC_CD_0_V BIT(31), CTXDESC_CD_0_ASID GENMASK_ULL(63, 48),
        // CTXDESC_CD_1_TTB0_MASK GENMASK_ULL(51, 4), EVTQ_0_SSID GENMASK_ULL(31, 12), EVTQ_0_SID GENMASK_ULL(63, 32).
        check.Append("""
            _Static_assert(SMMUV3_STE_0_V == 0x1ULL, "STRTAB_STE_0_V");
            _Static_assert(SMMUV3_STE_0_CONFIG == 0xEULL, "STRTAB_STE_0_CFG");
            _Static_assert(SMMUV3_STE_0_S1CONTEXTPTR == 0x000FFFFFFFFFFFC0ULL, "STRTAB_STE_0_S1CTXPTR_MASK");
            _Static_assert(SMMUV3_STE_0_S1CDMAX == 0xF800000000000000ULL, "STRTAB_STE_0_S1CDMAX");
            _Static_assert(SMMUV3_STE_1_S1DSS == 0x3ULL, "STRTAB_STE_1_S1DSS");
            _Static_assert(SMMUV3_STE_1_EATS == 0x30000000ULL, "STRTAB_STE_1_EATS");
            _Static_assert(SMMUV3_STE_1_STRW == 0xC0000000ULL, "STRTAB_STE_1_STRW");
            _Static_assert(SMMUV3_STE_2_S2VMID == 0xFFFFULL, "STRTAB_STE_2_S2VMID");
            _Static_assert(SMMUV3_STE_3_S2TTB == 0x000FFFFFFFFFFFF0ULL, "STRTAB_STE_3_S2TTB_MASK");
            _Static_assert(SMMUV3_STE_CONFIG_BYPASS == 4 && SMMUV3_STE_CONFIG_S1TRANSLATE == 5 && SMMUV3_STE_CONFIG_S2TRANSLATE == 6, "STRTAB_STE_0_CFG_*");
            _Static_assert(SMMUV3_CD_0_V == 0x80000000ULL, "CTXDESC_CD_0_V");
            _Static_assert(SMMUV3_CD_0_ASID == 0xFFFF000000000000ULL, "CTXDESC_CD_0_ASID");
            _Static_assert(SMMUV3_CD_1_TTB0 == 0x000FFFFFFFFFFFF0ULL, "CTXDESC_CD_1_TTB0_MASK");
            _Static_assert(SMMUV3_EVENT_0_SUBSTREAMID == 0xFFFFF000ULL, "EVTQ_0_SSID");
            _Static_assert(SMMUV3_EVENT_0_STREAMID == 0xFFFFFFFF00000000ULL, "EVTQ_0_SID");

            """);

        // From Linux drivers/iommu/intel/iommu.h, by hand: root_present() is lo & 1; context_set_address_width()
        // writes hi bits 2:0; context_set_domain_id() writes (value & 0xffff) << 8 into hi; VTD_PAGE_MASK keeps 63:12.
        check.Append("""
            _Static_assert(VTD_ROOT_0_PRESENT == 0x1ULL, "root_present");
            _Static_assert(VTD_ROOT_0_CONTEXTTABLEPOINTER == 0xFFFFFFFFFFFFF000ULL, "root_entry_lctp");
            _Static_assert(VTD_CONTEXT_1_ADDRESSWIDTH == 0x7ULL, "context_set_address_width");
            _Static_assert(VTD_CONTEXT_1_DOMAINID == 0xFFFF00ULL, "context_set_domain_id");
            _Static_assert(FIELD_GET(VTD_CONTEXT_1_DOMAINID, 0x0000000000012302ULL) == 0x123, "FIELD_GET");
            _Static_assert(FIELD_PREP(SMMUV3_STE_0_CONFIG, SMMUV3_STE_CONFIG_S1TRANSLATE) == 0xAULL, "FIELD_PREP");
            int main(void) { return 0; }

            """);

        var source = Path.Combine(dir.Path, "check.c");
        File.WriteAllText(source, check.ToString());
        Compile(gcc, dir.Path, "check.c", "check", m32: false);
        Assert.Equal(0, ExternalTool.Run(Path.Combine(dir.Path, "check"), dir.Path, CompileTimeout).Code);
        Compile(gcc, dir.Path, "check.c", "check32.o", m32: true);
    }

    [Fact]
    public void A_field_crossing_words_gets_a_macro_per_part_and_accessors_that_round_trip()
    {
        // test.cmd128 Cookie is bits 56..71: its low 8 bits are word 0 bits 63:56, its high 8 bits word 1 bits 7:0.
        var gcc = ExternalTool.Require("gcc", "gcc");
        using var dir = ExternalTool.TempDirectory();
        var result = CliRunner.Run("export", "c-header", "test.cmd128", "--output-dir", dir.Path);
        Assert.True(result.ExitCode == 0, result.Err);
        var header = Path.Combine(dir.Path, "iommu_layouts_test.h");
        Assert.True(File.Exists(header), result.Out);

        var check = """
            #include "iommu_layouts_test.h"
            _Static_assert(TEST_CMD128_0_COOKIE_LO == 0xFF00000000000000ULL, "Cookie low part: word 0 bits 63:56");
            _Static_assert(TEST_CMD128_1_COOKIE_HI == 0xFFULL, "Cookie high part: word 1 bits 7:0");
            _Static_assert(TEST_CMD128_0_STREAMID == 0x00FFFFFF00000000ULL, "StreamId: bits 55:32");
            int main(void)
            {
                uint64_t w[2] = { 0x1111111111111111ULL, 0x2222222222222222ULL };
                test_cmd128_set_cookie(w, 0xBEEF);
                if (w[0] != 0xEF11111111111111ULL || w[1] != 0x22222222222222BEULL) return 1;
                if (test_cmd128_get_cookie(w) != 0xBEEF) return 2;
                return 0;
            }

            """;
        File.WriteAllText(Path.Combine(dir.Path, "cross.c"), check);
        Compile(gcc, dir.Path, "cross.c", "cross", m32: false);
        Assert.Equal(0, ExternalTool.Run(Path.Combine(dir.Path, "cross"), dir.Path, CompileTimeout).Code);
        Compile(gcc, dir.Path, "cross.c", "cross32.o", m32: true);
    }

    [Fact]
    public void Header_to_standard_output_names_the_spec_and_one_family()
    {
        var result = CliRunner.Run("export", "c-header", "test.ctl64");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("#ifndef IOMMU_LAYOUTS_TEST_H", result.Out, StringComparison.Ordinal);
        Assert.Contains(" * Spec: CLI test format", result.Out, StringComparison.Ordinal);

        // test.ctl64: Mode is bits 3:1, TablePtr 47:12 (address bits 12 up), RES1 bit 63, RES0 bits 4..7 and 56..62, ignored 48..55.
        Assert.Contains("#define TEST_CTL64_0_MODE GENMASK_ULL(3, 1)", result.Out, StringComparison.Ordinal);
        Assert.Contains("#define TEST_CTL64_0_RES1 0x8000000000000000ULL", result.Out, StringComparison.Ordinal);
        Assert.Contains("#define TEST_CTL64_0_RES0 0x7F000000000000F0ULL", result.Out, StringComparison.Ordinal);
        Assert.Contains("#define TEST_CTL64_0_IGNORED 0xFF000000000000ULL", result.Out, StringComparison.Ordinal);
        Assert.Contains("#define TEST_CTL64_MODE_READWRITE 0x3ULL", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lists_each_family_with_its_formats()
    {
        var json = CliRunner.Run("export", "c-header", "--all", "--json").Json();

        var family = json.EnumerateArray().Single();
        Assert.Equal("test", family.GetProperty("family").GetString());
        Assert.Equal("iommu_layouts_test.h", family.GetProperty("file").GetString());
        Assert.Equal(["test.cmd128", "test.ctl64", "test.reg32"], family.GetProperty("formats").EnumerateArray().Select(f => f.GetString()));
        Assert.StartsWith("/* SPDX-License-Identifier: MIT */", family.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "export", "c-header" }, "name the formats to export, or give --all")]
    [InlineData(new[] { "export", "c-header", "test.ctl64", "--all" }, "not both")]
    [InlineData(new[] { "export", "c-header", "test.nope" }, "unknown format 'test.nope'")]
    public void Bad_export_requests_are_one_clear_error(string[] args, string expected)
    {
        var result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
        Assert.Single(InspectCommandTests.Lines(result.Err));
    }

    /// <summary>One _Static_assert per mask, enum value and reserved mask, the expected value computed here from the table.</summary>
    private static void AppendTableChecks(StringBuilder c, LayoutInfo layout)
    {
        var id = Id(layout.Name);
        for (var word = 0; word < layout.WordCount; word++)
        {
            var lo = 64 * word;
            var hi = lo + 63;
            foreach (var f in layout.Fields.Where(f => f.Lo <= hi && f.Hi >= lo))
            {
                var crosses = f.Lo / 64 != f.Hi / 64;
                var name = $"{id}_{word}_{Id(f.Name)}" + (crosses ? (word == f.Lo / 64 ? "_LO" : "_HI") : string.Empty);
                Assert(c, name, Bits(Math.Max(f.Lo, lo) - lo, Math.Min(f.Hi, hi) - lo));
            }

            Assert(c, $"{id}_{word}_RES0", layout.Res0Mask[word]);
            Assert(c, $"{id}_{word}_RES1", RangeMask(layout.Res1, lo, hi));
            Assert(c, $"{id}_{word}_IGNORED", RangeMask(layout.Ignored, lo, hi));
        }

        foreach (var f in layout.Fields)
        {
            foreach (var m in f.EnumMembers)
            {
                Assert(c, $"{id}_{Id(f.Name)}_{Id(m.Name)}", m.Value);
            }
        }

        static void Assert(StringBuilder c, string macro, ulong expected) =>
            c.Append(CultureInfo.InvariantCulture, $"_Static_assert({macro} == 0x{expected:X}ULL, \"{macro}\");\n");
    }

    private static ulong Bits(int lo, int hi) => (hi - lo == 63 ? ulong.MaxValue : ((1UL << (hi - lo + 1)) - 1)) << lo;

    private static ulong RangeMask(IReadOnlyList<BitRange> ranges, int lo, int hi)
    {
        var mask = 0UL;
        foreach (var r in ranges.Where(r => r.Lo <= hi && r.Hi >= lo))
        {
            mask |= Bits(Math.Max(r.Lo, lo) - lo, Math.Min(r.Hi, hi) - lo);
        }

        return mask;
    }

    private static string Id(string name) => new(name.Select(ch => char.IsAsciiLetterOrDigit(ch) ? char.ToUpperInvariant(ch) : '_').ToArray());

    private static void Compile(string gcc, string dir, string source, string output, bool m32)
    {
        string[] args = m32
            ? ["-m32", "-Wall", "-Wextra", "-Werror", "-std=c11", "-c", source, "-o", output]
            : ["-Wall", "-Wextra", "-Werror", "-std=c11", source, "-o", output];
        var (code, stdout, stderr) = ExternalTool.Run(gcc, dir, CompileTimeout, args);
        if (m32 && code != 0 && stderr.Contains("bits/", StringComparison.Ordinal))
        {
            Xunit.Assert.Fail($"gcc -m32 cannot find the 32-bit C library headers: install the Debian package 'gcc-multilib' (.ci/run installs it)\n{stderr}");
        }

        Xunit.Assert.True(code == 0, $"gcc {string.Join(' ', args)} failed:\n{stdout}{stderr}");
    }
}
