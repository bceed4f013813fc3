using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using IommuLayouts.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IommuLayouts.Generators;

/// <summary>
/// Generates storage, accessors, span I/O, validation, formatting, equality and a layout table for every
/// <c>[IommuLayouts.BitLayout]</c> partial struct, and one <c>BitLayoutCatalog</c> per assembly.
/// The pipeline only wires pure steps together: <see cref="Parser"/> (symbols to model) and
/// <see cref="Emitter"/> (model to text). Source is re-emitted only when a model changes; diagnostics
/// travel on their own output.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class BitLayoutGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, used by the caching tests.</summary>
    public static class TrackingNames
    {
        public const string Parse = nameof(Parse);
        public const string Layouts = nameof(Layouts);
        public const string Diagnostics = nameof(Diagnostics);
        public const string Catalog = nameof(Catalog);
        public const string AssemblyName = nameof(AssemblyName);
        public const string Names = nameof(Names);
    }

    internal const string BitLayoutAttributeName = "IommuLayouts.BitLayoutAttribute";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                BitLayoutAttributeName,
                static (node, _) => node is StructDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, ct) => Parser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Parse);

        var layouts = parsed
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.Layouts);

        context.RegisterSourceOutput(layouts, static (spc, layout) =>
            spc.AddSource(layout.Type.HintName + ".g.cs", Emitter.Emit(layout)));

        var diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var diagnostic in list)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var assemblyName = context.CompilationProvider
            .Select(static (compilation, _) => compilation.AssemblyName)
            .WithTrackingName(TrackingNames.AssemblyName);

        var catalog = layouts
            .Where(static layout => !layout.HasErrors)
            .Select(static (layout, _) => new CatalogEntry(layout.Name, layout.Type.FullyQualifiedName, layout.IsPublic))
            .Collect()
            .Combine(assemblyName)
            .WithTrackingName(TrackingNames.Catalog);

        context.RegisterSourceOutput(catalog, static (spc, input) =>
        {
            // Emitted even when empty, so a tool can reference an assembly's catalog before it has formats.
            var (entries, name) = input;
            // Duplicate names are reported on their own output below; the catalog keeps the first of each.
            var unique = entries.GroupBy(e => e.Name).Select(g => g.OrderBy(e => e.TypeName, System.StringComparer.Ordinal).First()).ToList();
            spc.AddSource("BitLayoutCatalog.g.cs", Emitter.EmitCatalog(name, unique));
        });

        var names = parsed
            .Select(static (result, _) => result.NameEntry)
            .Where(static entry => entry is not null)
            .Select(static (entry, _) => entry!)
            .Collect()
            .WithTrackingName(TrackingNames.Names);

        context.RegisterSourceOutput(names, static (spc, entries) => ReportDuplicateNames(spc, entries));
    }

    private static void ReportDuplicateNames(SourceProductionContext context, ImmutableArray<LayoutNameEntry> entries)
    {
        foreach (var group in entries.GroupBy(e => e.Name))
        {
            var ordered = group.OrderBy(e => e.TypeName, System.StringComparer.Ordinal).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateLayoutName,
                    ordered[i].Location?.ToLocation(),
                    group.Key,
                    ordered[0].TypeName.Replace("global::", string.Empty),
                    ordered[i].TypeName.Replace("global::", string.Empty)));
            }
        }
    }
}
