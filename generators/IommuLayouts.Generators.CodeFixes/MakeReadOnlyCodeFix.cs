using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IommuLayouts.Generators.CodeFixes;

/// <summary>
/// Fixes BL0024 (a field getter or rule hook not declared readonly): a get/set field gets <c>readonly get</c>,
/// a get-only field becomes a <c>readonly partial</c> property, and the rule hook becomes
/// <c>readonly partial void CheckRules</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeReadOnlyCodeFix)), Shared]
public sealed class MakeReadOnlyCodeFix : CodeFixProvider
{
    /// <summary>The diagnostic this provider fixes (the generator's MemberNotReadOnly).</summary>
    public const string DiagnosticId = "BL0024";

    internal const string Title = "Declare it readonly";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var member = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault();
            if (member is PropertyDeclarationSyntax or MethodDeclarationSyntax)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(context.Document, member, ct), equivalenceKey: nameof(MakeReadOnlyCodeFix)),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixAsync(Document document, MemberDeclarationSyntax member, CancellationToken ct)
    {
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var fixedMember = Fix(member);
        return fixedMember is null ? document : document.WithSyntaxRoot(root.ReplaceNode(member, fixedMember));
    }

    /// <summary>The member with <c>readonly</c> where C# allows it, or null if it already has it.</summary>
    internal static MemberDeclarationSyntax? Fix(MemberDeclarationSyntax member)
    {
        if (member.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
        {
            return null;
        }

        if (member is PropertyDeclarationSyntax { AccessorList: { } accessors } property
            && accessors.Accessors.Any(a => !a.IsKind(SyntaxKind.GetAccessorDeclaration)))
        {
            // 'readonly' on the property would make the setter readonly too; with a setter it goes on the getter.
            var getter = accessors.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration));
            if (getter is null || getter.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
            {
                return null;
            }

            return property.ReplaceNode(getter, AddReadOnly(getter));
        }

        return member switch
        {
            PropertyDeclarationSyntax getOnly => InsertBeforePartial(getOnly, getOnly.Modifiers, getOnly.Type, (p, m) => p.WithModifiers(m), (p, t) => p.WithType(t)),
            MethodDeclarationSyntax method => InsertBeforePartial(method, method.Modifiers, method.ReturnType, (m, mods) => m.WithModifiers(mods), (m, t) => m.WithReturnType(t)),
            _ => null,
        };
    }

    /// <summary>Writes <c>readonly</c> before <c>partial</c> (C# wants <c>partial</c> last), or last if there is none.</summary>
    private static T InsertBeforePartial<T>(T node, SyntaxTokenList modifiers, TypeSyntax type, System.Func<T, SyntaxTokenList, T> withModifiers, System.Func<T, TypeSyntax, T> withType)
        where T : MemberDeclarationSyntax
    {
        var partialIndex = modifiers.IndexOf(SyntaxKind.PartialKeyword);
        if (modifiers.Count == 0)
        {
            // No modifier to sit next to: the type carries the leading trivia (indentation, comments).
            var keyword = SyntaxFactory.Token(type.GetLeadingTrivia(), SyntaxKind.ReadOnlyKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return withType(withModifiers(node, SyntaxFactory.TokenList(keyword)), type.WithLeadingTrivia());
        }

        if (partialIndex == 0)
        {
            var partial = modifiers[0];
            var keyword = SyntaxFactory.Token(partial.LeadingTrivia, SyntaxKind.ReadOnlyKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return withModifiers(node, modifiers.Replace(partial, partial.WithLeadingTrivia()).Insert(0, keyword));
        }

        var readOnly = SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.ReadOnlyKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return withModifiers(node, partialIndex < 0 ? modifiers.Add(readOnly) : modifiers.Insert(partialIndex, readOnly));
    }

    private static AccessorDeclarationSyntax AddReadOnly(AccessorDeclarationSyntax getter)
    {
        if (getter.Modifiers.Count > 0)
        {
            // An accessibility modifier on the getter: readonly goes after it.
            return getter.WithModifiers(getter.Modifiers.Add(SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.ReadOnlyKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))));
        }

        var readOnly = SyntaxFactory.Token(getter.Keyword.LeadingTrivia, SyntaxKind.ReadOnlyKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return getter.WithModifiers(SyntaxFactory.TokenList(readOnly)).WithKeyword(getter.Keyword.WithLeadingTrivia());
    }
}
