using System.Linq;
using Xunit;

namespace IommuLayouts.Generators.Tests;

/// <summary>
/// A corpus of broken and odd specs: the generator must never throw (that would surface as CS8785) and
/// every diagnostic it reports must be one of ours, never the internal-error safety net BL0099.
/// </summary>
public sealed class CorpusTests
{
    public static readonly TheoryData<string> Corpus = new()
    {
        "[BitLayout(64)] public struct NotPartial { [Bit(0)] public partial bool A { readonly get; set; } }",
        "[BitLayout] public partial struct NoArgs { }",
        "[BitLayout(\"x\")] public partial struct WrongArg { }",
        "[BitLayout(-8)] public partial struct Negative { }",
        "[BitLayout(int.MaxValue)] public partial struct Huge { [Bits(0, int.MaxValue)] public partial ulong A { readonly get; set; } }",
        "[BitLayout(64)] public partial struct Extremes { [Bits(int.MinValue, int.MaxValue)] public partial ulong A { readonly get; set; } [Bit(-1)] public partial bool B { readonly get; set; } }",
        "[BitLayout(64)] public partial struct NoBitsArgs { [Bits] public partial ulong A { readonly get; set; } [Bit] public partial bool B { readonly get; set; } }",
        "[BitLayout(128)] public partial struct TooWide { [Bits(0, 100)] public partial ulong A { readonly get; set; } }",
        "public enum Neg : int { M = -1, Z = 0 } [BitLayout(64)] public partial struct NegEnum { [Bits(0, 3)] public partial Neg A { readonly get; set; } }",
        "public enum Big : ulong { M = ulong.MaxValue } [BitLayout(64)] public partial struct BigEnum { [Bits(0, 63)] public partial Big A { readonly get; set; } [Bits(0, 0)] public partial bool B { readonly get; set; } }",
        "public enum Empty { } [BitLayout(64)] public partial struct EmptyEnum { [Bits(0, 3)] public partial Empty A { readonly get; set; } }",
        "[BitLayout(64)] public partial struct NullableBool { [Bit(0)] public partial bool? A { readonly get; set; } }",
        "[BitLayout(64)] public partial struct StringField { [Bits(0, 7)] public partial string A { readonly get; set; } }",
        "[BitLayout(64)] public partial struct Static { [Bit(0)] public static partial bool A { readonly get; set; } }",
        "[BitLayout(64)] public partial struct GetOnlyAddress { [Bits(12, 63), Address(AddressShift = 70)] public readonly partial ulong A { get; } }",
        "[BitLayout(64)] public partial struct BadAlign { [Bits(12, 51), Address(AlignBits = 99)] public partial ulong A { readonly get; set; } }",
        "[BitLayout(64)] public partial struct NegativeShift { [Bits(12, 51), Address(AddressShift = -5)] public partial ulong A { readonly get; set; } }",
        "[BitLayout(64)][Ignored(10, 5)][Res1(-3, 2)][Ignored(0, 200)] public partial struct BadRanges { }",
        "[BitLayout(64)][Res1(0, 63)] public partial struct AllRes1 { }",
        "[BitLayout(64)] public partial struct Everything { [Bits(0, 63)] public partial ulong A { readonly get; set; } [Bits(0, 63)] public partial ulong B { readonly get; set; } }",
        "public partial class G<TX> { [BitLayout(64)] public partial struct InGeneric { [Bit(0)] public partial bool A { readonly get; set; } } }",
        "[BitLayout(64)] public partial record struct Rec { [Bit(0)] public partial bool A { readonly get; set; } }",
        "[BitLayout(64)] public ref partial struct RefLayout { }",
        "[BitLayout(64)] public partial struct Empty64 { }",
        "[BitLayout(64)] public partial struct Hooks { partial void CheckRules(ref ViolationSink sink); partial void CheckRules(ref ViolationSink sink) { } void CheckRules() { } }",
        "[BitLayout(64)] public partial struct AutoProp { public int Auto { get; set; } }",
        "[BitLayout(64)] public partial struct Indexer { [Bit(0)] public partial bool this[int i] { readonly get; set; } }",
        "[BitLayout(64)] public partial struct Implemented { [Bit(0)] public partial bool A { readonly get; set; } public partial bool A { get => true; set { } } }",
        "[BitLayout(64)] [BitLayout(128)] public partial struct Twice { }",
        "[BitLayout(64, Name = null, Spec = null, Summary = null)] public partial struct NullNames { [Bit(0, Doc = null, Spec = null)] public partial bool A { readonly get; set; } }",
        "[BitLayout(64, Name = \"quote\\\"and\\\\backslash\")] public partial struct Escapes { [Bit(0, Doc = \"line\\nbreak\")] public partial bool A { readonly get; set; } }",
        "public partial struct Outer { [BitLayout(8)] private partial struct Hidden { [Bit(0)] public partial bool A { readonly get; set; } } }",
        "[BitLayout(64)] public partial struct Unfinished { [Bits(0, 3)] public partial Missing A { readonly get; set; }",
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Broken_spec_gives_only_our_diagnostics_and_never_crashes(string body)
    {
        var outcome = GeneratorHarness.Run("using IommuLayouts;\nnamespace T;\n" + body);

        Assert.Null(outcome.Result.Results.Single().Exception);
        Assert.DoesNotContain(outcome.CompilationDiagnostics.Concat(outcome.GeneratorDiagnostics), d => d.Id == "CS8785");
        Assert.All(outcome.GeneratorDiagnostics, d =>
        {
            Assert.StartsWith("BL", d.Id, System.StringComparison.Ordinal);
            Assert.NotEqual("BL0099", d.Id);
        });
    }
}
