using System;
using System.Buffers;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace IommuLayouts.Cli;

/// <summary>What every command needs: the catalog, the output writers, the style, and the shared arguments.</summary>
internal sealed class CommandContext
{
    public CommandContext(LayoutCatalog catalog, TextReader input, TextWriter output, TextWriter error, Style style)
    {
        Catalog = catalog;
        In = input;
        Out = output;
        Error = error;
        Style = style;
    }

    public LayoutCatalog Catalog { get; }

    /// <summary>Standard input, read when an argument is '-'.</summary>
    public TextReader In { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public Style Style { get; }

    /// <summary>The <c>--json</c> option every command has.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Write JSON for scripts instead of a table" };

    /// <summary>The <c>&lt;format&gt;</c> argument, completed from the catalog.</summary>
    public Argument<string> FormatArgument()
    {
        var argument = new Argument<string>("format")
        {
            // Without a help name, help would list every completion (~80 names) in each usage line.
            HelpName = "format",
            Description = "Format name, e.g. smmuv3.ste (see 'iommu-layouts formats')",
        };
        argument.CompletionSources.Add(_ =>
        {
            var names = new string[Catalog.All.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = Catalog.All[i].Name;
            }

            return names;
        });
        return argument;
    }

    /// <summary>The layout named <paramref name="name"/>, or a usage error that says how to list them.</summary>
    public LayoutInfo FindLayout(string name)
    {
        if (Catalog.TryFind(name, out var layout))
        {
            return layout;
        }

        var hint = Catalog.All.Count == 0 ? "this build knows no formats" : "run 'iommu-layouts formats' for the list";
        var best = int.MaxValue;
        foreach (var candidate in Catalog.All)
        {
            // A typo (at most two edits) or a name given without its architecture prefix.
            var distance = EditDistance(name.ToLowerInvariant(), candidate.Name.ToLowerInvariant());
            if (distance > 2 && candidate.Name.EndsWith("." + name, StringComparison.OrdinalIgnoreCase))
            {
                distance = 2;
            }

            if (distance <= 2 && distance < best)
            {
                best = distance;
                hint = $"did you mean '{candidate.Name}'?";
            }
        }

        throw new UsageException($"unknown format '{name}' ({hint})");
    }

    /// <summary>Levenshtein distance, for "did you mean" hints.</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>All of standard input, for an argument given as '-'; <paramref name="what"/> names it if there is nothing.</summary>
    public string ReadStandardInput(string what)
    {
        var text = In.ReadToEnd();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException($"{what}: standard input ('-') is empty");
        }

        return text;
    }

    /// <summary>The text of <paramref name="path"/>, or of standard input when it is '-'; <paramref name="what"/> names it in errors.</summary>
    public string ReadFileOrStandardInput(string path, string what)
    {
        if (path == "-")
        {
            return ReadStandardInput(what);
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{what}: cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>Writes one JSON document (indented, UTF-8 text as is) followed by a newline.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        Out.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Writes the violations as a table, or a green "valid".</summary>
    public void WriteViolationsText(ValidationReport report)
    {
        if (report.IsValid)
        {
            Out.WriteLine(Style.Green("valid"));
            return;
        }

        Out.WriteLine(Style.Red(report.Count == 1 ? "1 violation" : $"{report.Count} violations"));
        var table = new TextTable("RULE", "BITS", "MESSAGE").StyleColumn(0, Style.Red);
        foreach (var v in report)
        {
            table.Add(v.Rule, FieldValues.Bits(v.Lo, v.Hi), v.Message);
        }

        table.WriteTo(Out, Style, "  ");
    }
}
