using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace IommuLayouts.Generators.Tests;

/// <summary>
/// Reading a layout through an <c>in</c> parameter or a readonly field copies the whole entry unless the member
/// is readonly. The compiler reports such a copy inside a readonly member as CS8656, so a readonly caller that
/// compiles without CS8656 proves no copy is made.
/// </summary>
public sealed class ReadOnlyMemberTests
{
    private const string Caller = """
        public static class Reader
        {
            public static bool ReadIn(in S s) => s.A && s.B == 3 && s.Validate().IsValid && s.GetWord(0) != 1 && s.ToString().Length > 0 && s.Equals(s);
        }

        public partial struct S
        {
            public readonly bool Both() => A && B == 2 && Validate().IsValid && GetWord(0) != 0 && ToString().Length > 0 && Equals(this) && GetHashCode() != 1;
        }
        """;

    private static GeneratorOutcome Run(string accessors, string hook = "readonly partial void CheckRules(ref ViolationSink sink) { }") =>
        GeneratorHarness.Run(
            "using IommuLayouts;\nnamespace T;\n" +
            "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool A " + accessors + " [Bits(4, 7)] public partial byte B " + accessors + " " + hook + " }\n" +
            Caller);

    [Fact]
    public void Readonly_getters_and_members_make_no_copy_in_a_readonly_caller()
    {
        var outcome = Run("{ readonly get; set; }");

        Assert.Empty(outcome.CompilationErrors);
        Assert.DoesNotContain(outcome.CompilationDiagnostics, d => d.Id == "CS8656");
    }

    [Fact]
    public void Getters_declared_without_readonly_do_copy_and_the_check_sees_it()
    {
        var outcome = Run("{ get; set; }");

        Assert.Empty(outcome.CompilationErrors);
        Assert.Contains(outcome.CompilationDiagnostics, d => d.Id == "CS8656" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("S.A.get"));
        Assert.Equal(2, outcome.GeneratorDiagnostics.Count(d => d.Id == "BL0024"));
    }

    [Fact]
    public void A_hook_without_readonly_leaves_Validate_mutable_and_is_reported()
    {
        var outcome = Run("{ readonly get; set; }", "partial void CheckRules(ref ViolationSink sink) { }");

        Assert.Empty(outcome.CompilationErrors);
        var diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        Assert.Equal("BL0024", diagnostic.Id);
        Assert.Equal("CheckRules", outcome.SourceAt(diagnostic));
        Assert.Contains(outcome.CompilationDiagnostics, d => d.Id == "CS8656" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("Validate"));
    }

    [Fact]
    public void Generated_members_that_only_read_are_readonly()
    {
        var outcome = Run("{ readonly get; set; }");
        var compilation = outcome.Input.AddSyntaxTrees(outcome.Result.GeneratedTrees);
        var s = compilation.GetTypeByMetadataName("T.S")!;

        foreach (var name in new[] { "Validate", "ToString", "GetWord", "CopyWordsTo", "WriteTo", "Equals", "GetHashCode" })
        {
            foreach (var method in s.GetMembers(name).OfType<IMethodSymbol>())
            {
                Assert.True(method.IsReadOnly, method.ToDisplayString() + " is not readonly");
            }
        }

        Assert.True(((IPropertySymbol)s.GetMembers("A").Single()).GetMethod!.IsReadOnly);
        Assert.False(((IPropertySymbol)s.GetMembers("A").Single()).SetMethod!.IsReadOnly);
        Assert.False(s.GetMembers("SetWord").OfType<IMethodSymbol>().Single().IsReadOnly);
    }
}
