using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using IommuLayouts.Generators.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace IommuLayouts.Generators.Tests;

/// <summary>
/// Drives the BL0024 code fix through a Roslyn workspace as the IDE would: the generator reports the diagnostic
/// on a document, the provider registers its action, and the changed document must compile with no BL0024.
/// </summary>
public sealed class CodeFixTests
{
    private const string Usings = "using IommuLayouts;\nnamespace T;\n";

    [Theory]
    [InlineData(
        "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool A { get; set; } }",
        "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool A { readonly get; set; } }")]
    [InlineData(
        "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool A { get; } }",
        "[BitLayout(64)] public partial struct S { [Bit(0)] public readonly partial bool A { get; } }")]
    [InlineData(
        "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool A { readonly get; set; } partial void CheckRules(ref ViolationSink sink) { } }",
        "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool A { readonly get; set; } readonly partial void CheckRules(ref ViolationSink sink) { } }")]
    [InlineData(
        "[BitLayout(64)] public partial struct S\n{\n    [Bit(0)]\n    public partial bool A\n    {\n        get;\n        set;\n    }\n}",
        "[BitLayout(64)] public partial struct S\n{\n    [Bit(0)]\n    public partial bool A\n    {\n        readonly get;\n        set;\n    }\n}")]
    public async Task The_fix_declares_the_member_readonly(string before, string after)
    {
        var (document, diagnostics) = await DocumentWithDiagnosticsAsync(Usings + before);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(MakeReadOnlyCodeFix.DiagnosticId, diagnostic.Id);

        var fixedText = await ApplyFixAsync(document, diagnostic);

        Assert.Equal(Usings + after, fixedText);
        var outcome = GeneratorHarness.Run(fixedText);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationErrors);
    }

    [Fact]
    public async Task Fixing_each_diagnostic_in_turn_fixes_every_getter()
    {
        const string before = "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool A { get; set; } [Bits(1, 3)] public partial byte B { get; set; } }";
        var (document, diagnostics) = await DocumentWithDiagnosticsAsync(Usings + before);
        Assert.Equal(2, diagnostics.Length);

        var text = await ApplyFixAsync(document, diagnostics[0]);
        (document, diagnostics) = await DocumentWithDiagnosticsAsync(text);
        text = await ApplyFixAsync(document, Assert.Single(diagnostics));

        Assert.Equal(Usings + "[BitLayout(64)] public partial struct S { [Bit(0)] public partial bool A { readonly get; set; } [Bits(1, 3)] public partial byte B { readonly get; set; } }", text);
    }

    [Fact]
    public void The_fix_leaves_a_readonly_member_alone()
    {
        var property = (Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration("public readonly partial bool A { get; }")!;

        Assert.Null(MakeReadOnlyCodeFix.Fix(property));
    }

    private static async Task<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> DocumentWithDiagnosticsAsync(string source)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Fixed",
            "Fixed",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: GeneratorHarness.ParseOptions,
            metadataReferences: GeneratorHarness.CreateCompilation().References));
        var document = workspace.AddDocument(project.Id, "S.cs", SourceText.From(source));

        var compilation = (await document.Project.GetCompilationAsync())!;
        var tree = (await document.GetSyntaxTreeAsync())!;
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var reported);

        // Generator diagnostics carry a path and span; the IDE maps them onto the document's tree, as done here.
        var diagnostics = reported
            .Where(d => d.Id == MakeReadOnlyCodeFix.DiagnosticId)
            .Select(d => Diagnostic.Create(d.Descriptor, Location.Create(tree, d.Location.SourceSpan)))
            .ToImmutableArray();
        return (document, diagnostics);
    }

    private static async Task<string> ApplyFixAsync(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new MakeReadOnlyCodeFix().RegisterCodeFixesAsync(context);

        var action = Assert.Single(actions);
        Assert.Equal("Declare it readonly", action.Title);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        return (await solution.GetDocument(document.Id)!.GetTextAsync()).ToString();
    }
}
