using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace IommuLayouts.Generators.Tests;

/// <summary>One test per diagnostic: the id, and the source text the diagnostic points at.</summary>
public sealed class DiagnosticTests
{
    private const string Usings = "using IommuLayouts;\nnamespace T;\n";

    [Fact]
    public void BL0001_layout_not_partial() =>
        AssertSingle("BL0001", "[BitLayout(64)] public struct S { }", "S");

    [Theory]
    [InlineData(60)]
    [InlineData(0)]
    [InlineData(1032)]
    public void BL0002_size_not_8_to_1024_in_multiples_of_8(int size) =>
        AssertSingle("BL0002", $"[BitLayout({size})] public partial struct S {{ }}", $"BitLayout({size})");

    [Fact]
    public void BL0003_field_outside_layout() =>
        AssertSingle("BL0003", "[BitLayout(64)] public partial struct S { [Bits(60, 64)] public partial ulong A { readonly get; set; } }", "Bits(60, 64)");

    [Fact]
    public void BL0003_ignored_range_outside_layout() =>
        AssertSingle("BL0003", "[BitLayout(64)][Ignored(63, 70)] public partial struct S { }", "Ignored(63, 70)");

    [Fact]
    public void BL0004_reversed_range() =>
        AssertSingle("BL0004", "[BitLayout(64)] public partial struct S { [Bits(5, 3)] public partial byte A { readonly get; set; } }", "Bits(5, 3)");

    [Fact]
    public void BL0005_fields_overlap() =>
        AssertSingle("BL0005",
            "[BitLayout(64)] public partial struct S { [Bits(0, 7)] public partial byte A { readonly get; set; } [Bits(4, 11)] public partial ushort B { readonly get; set; } }",
            "B");

    [Fact]
    public void BL0006_field_overlaps_ignored_range() =>
        AssertSingle("BL0006", "[BitLayout(64)][Ignored(4, 7)] public partial struct S { [Bits(0, 5)] public partial byte A { readonly get; set; } }", "A");

    [Fact]
    public void BL0006_ignored_overlaps_res1() =>
        AssertSingle("BL0006", "[BitLayout(64)][Ignored(4, 7)][Res1(7, 8)] public partial struct S { }", "Ignored(4, 7)");

    [Fact]
    public void BL0007_type_too_narrow() =>
        AssertSingle("BL0007", "[BitLayout(64)] public partial struct S { [Bits(0, 8)] public partial byte A { readonly get; set; } }", "Bits(0, 8)");

    [Fact]
    public void BL0008_unsupported_type() =>
        AssertSingle("BL0008", "[BitLayout(64)] public partial struct S { [Bits(0, 8)] public partial int A { readonly get; set; } }", "A");

    [Fact]
    public void BL0009_bool_wider_than_one_bit() =>
        AssertSingle("BL0009", "[BitLayout(64)] public partial struct S { [Bits(0, 1)] public partial bool A { readonly get; set; } }", "Bits(0, 1)");

    [Fact]
    public void BL0010_enum_value_does_not_fit() =>
        AssertSingle("BL0010",
            "public enum E : byte { A = 1, B = 8 } [BitLayout(64)] public partial struct S { [Bits(0, 2)] public partial E F { readonly get; set; } }",
            "Bits(0, 2)");

    [Fact]
    public void BL0011_address_type_cannot_hold_address() =>
        AssertSingle("BL0011", "[BitLayout(64)] public partial struct S { [Bits(12, 40), Address] public partial uint A { readonly get; set; } }", "Address");

    [Fact]
    public void BL0012_duplicate_layout_names()
    {
        var outcome = GeneratorHarness.Run(Usings +
            "[BitLayout(64, Name = \"x.same\")] public partial struct A { }\n" +
            "[BitLayout(64, Name = \"x.same\")] public partial struct B { }");
        var diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("BL0012", diagnostic.Id);
        Assert.Contains("'T.A' and 'T.B'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("BitLayout(64, Name = \"x.same\")", outcome.SourceAt(diagnostic));
    }

    [Fact]
    public void BL0013_field_property_not_partial() =>
        AssertSingle("BL0013", "[BitLayout(64)] public partial struct S { [Bit(0)] public bool A { get => true; set { } } }", "A");

    [Fact]
    public void BL0014_both_bit_and_bits() =>
        AssertSingle("BL0014", "[BitLayout(64)] public partial struct S { [Bit(0), Bits(0, 1)] public partial byte A { readonly get; set; } }", "A");

    [Fact]
    public void BL0015_instance_field_declared() =>
        AssertSingle("BL0015", "[BitLayout(64)] public partial struct S { private int _x; public int X => _x; }", "_x");

    [Fact]
    public void BL0016_containing_type_not_partial() =>
        AssertSingle("BL0016", "public class Outer { [BitLayout(64)] public partial struct S { } }", "S");

    [Fact]
    public void BL0017_generic_layout() =>
        AssertSingle("BL0017", "[BitLayout(64)] public partial struct S<TX> { }", "S");

    [Fact]
    public void BL0018_readonly_layout() =>
        AssertSingle("BL0018", "[BitLayout(64)] public readonly partial struct S { }", "S");

    [Fact]
    public void BL0018_record_struct_layout() =>
        AssertSingle("BL0018", "[BitLayout(64)] public partial record struct S { }", "S");

    [Fact]
    public void BL0019_partial_property_without_bit_attribute() =>
        AssertSingle("BL0019", "[BitLayout(64)] public partial struct S { public partial bool A { readonly get; set; } }", "A");

    [Fact]
    public void BL0020_address_on_a_bool() =>
        AssertSingle("BL0020", "[BitLayout(64)] public partial struct S { [Bit(3), Address] public partial bool A { readonly get; set; } }", "Address");

    [Fact]
    public void BL0021_rule_hook_with_wrong_signature() =>
        AssertSingle("BL0021", "[BitLayout(64)] public partial struct S { private void CheckRules(int x) { } }", "CheckRules");

    [Fact]
    public void BL0022_init_accessor() =>
        AssertSingle("BL0022", "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool A { get; init; } }", "A");

    [Fact]
    public void BL0023_field_named_like_a_generated_member() =>
        AssertSingle("BL0023", "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool Read { readonly get; set; } }", "Read");

    [Fact]
    public void BL0022_readonly_property_with_a_setter() =>
        AssertSingle("BL0022", "[BitLayout(64)] public partial struct S { [Bit(0)] public readonly partial bool A { get; set; } }", "A");

    [Theory]
    [InlineData("{ get; set; }")]
    [InlineData("{ get; }")]
    public void BL0024_getter_not_readonly(string accessors)
    {
        var outcome = GeneratorHarness.Run(Usings + "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool A " + accessors + " }");

        var diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("BL0024", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("A", outcome.SourceAt(diagnostic));
        Assert.Empty(outcome.CompilationErrors);
    }

    [Theory]
    [InlineData("public partial bool A { readonly get; set; }")]
    [InlineData("public readonly partial bool A { get; }")]
    public void BL0024_not_reported_for_a_readonly_getter(string property)
    {
        var outcome = GeneratorHarness.Run(Usings + "[BitLayout(64)] public partial struct S { [Bit(0)] " + property + " }");

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationErrors);
    }

    [Fact]
    public void BL0025_hand_written_code_uses_the_generated_storage() =>
        AssertSingle("BL0025",
            "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool A { readonly get; set; } public readonly ulong Raw => _w0 | 1; }",
            "_w0");

    [Fact]
    public void BL0025_is_reported_in_every_partial_declaration()
    {
        var outcome = GeneratorHarness.Run(Usings +
            "[BitLayout(128)] public partial struct S { public readonly ulong High => _w1; }\n" +
            "public partial struct S { public readonly ulong Low() => _w0; }");

        Assert.Equal(["_w1", "_w0"], outcome.GeneratorDiagnostics.Where(d => d.Id == "BL0025").Select(outcome.SourceAt).ToArray());
    }

    [Fact]
    public void BL0025_ignores_names_that_only_look_alike()
    {
        var outcome = GeneratorHarness.Run(Usings +
            "[BitLayout(64)] public partial struct S { [Bits(0, 7)] public partial byte A { readonly get; set; } public readonly int M(int _w, int _wx) => _w + _wx + A + Word.GetHashCode(); }");

        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationErrors);
    }

    [Fact]
    public void BL0023_field_named_Word() =>
        AssertSingle("BL0023", "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool Word { readonly get; set; } }", "Word");

    [Fact]
    public void BL0026_used_when_names_an_unknown_field() =>
        AssertSingle("BL0026",
            "[BitLayout(64)] public partial struct S { [UsedWhen(\"Mode\", true)] [Bit(1)] public partial bool A { readonly get; set; } }",
            "UsedWhen(\"Mode\", true)");

    [Fact]
    public void BL0026_live_when_names_an_unknown_field() =>
        AssertSingle("BL0026", "[BitLayout(64)][LiveWhen(\"V\")] public partial struct S { [Bit(1)] public partial bool A { readonly get; set; } }", "LiveWhen(\"V\")");

    [Fact]
    public void BL0027_used_when_value_of_another_type() =>
        AssertSingle("BL0027",
            "public enum M : byte { X = 0, Y = 1 } public enum N : byte { Z = 1 } [BitLayout(64)] public partial struct S { [Bits(0, 1)] public partial M Mode { readonly get; set; } [UsedWhen(nameof(Mode), N.Z)] [Bit(2)] public partial bool A { readonly get; set; } }",
            "UsedWhen(nameof(Mode), N.Z)");

    [Fact]
    public void BL0027_gate_is_not_a_bool() =>
        AssertSingle("BL0027", "[BitLayout(64)][LiveWhen(nameof(V))] public partial struct S { [Bits(0, 1)] public partial byte V { readonly get; set; } }", "LiveWhen(nameof(V))");

    [Fact]
    public void BL0027_update_safe_unless_set_is_not_a_flag() =>
        AssertSingle("BL0027",
            "[BitLayout(64)] public partial struct S { [Bits(0, 3)] public partial byte N { readonly get; set; } [UpdateSafe(UnlessSet = nameof(N))] [Bit(4)] public partial bool A { readonly get; set; } }",
            "UpdateSafe(UnlessSet = nameof(N))");

    [Fact]
    public void BL0028_conditions_form_a_cycle()
    {
        var outcome = GeneratorHarness.Run(Usings +
            "[BitLayout(64)] public partial struct S { [UsedWhen(nameof(B), true)] [Bit(0)] public partial bool A { readonly get; set; } [UsedWhen(nameof(A), true)] [Bit(1)] public partial bool B { readonly get; set; } }");
        Assert.Contains(outcome.GeneratorDiagnostics, d => d.Id == "BL0028" && d.Severity == DiagnosticSeverity.Error);
        Assert.DoesNotContain(outcome.CompilationDiagnostics, d => d.Id == "CS8785");
    }

    [Fact]
    public void Every_descriptor_has_a_test_and_is_listed_in_the_release_file()
    {
        var tested = typeof(DiagnosticTests).GetMethods().Select(m => m.Name).Where(n => n.StartsWith("BL", System.StringComparison.Ordinal)).Select(n => n[..6]).ToHashSet();
        var releases = System.IO.File.ReadAllText(System.IO.Path.Combine(RepoRoot(), "generators", "IommuLayouts.Generators", "AnalyzerReleases.Shipped.md"));
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            Assert.Contains(descriptor.Id + " |", releases);
            if (descriptor.Id != "BL0099")
            {
                Assert.Contains(descriptor.Id, tested);
            }
        }
    }

    private static void AssertSingle(string id, string source, string expectedSpanText)
    {
        var outcome = GeneratorHarness.Run(Usings + source);

        var diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(expectedSpanText, outcome.SourceAt(diagnostic));
        Assert.DoesNotContain(outcome.CompilationDiagnostics, d => d.Id == "CS8785");
    }

    internal static string RepoRoot() => Snapshot.RepositoryRoot();
}
