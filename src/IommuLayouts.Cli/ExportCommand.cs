using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;

namespace IommuLayouts.Cli;

/// <summary><c>export</c>: the specs as other tools consume them (C headers, ...).</summary>
internal static class ExportCommand
{
    public static Command Create(CommandContext ctx)
    {
        var command = new Command("export", "Write the formats for other consumers: C headers, SVG register diagrams, Markdown pages");
        command.Subcommands.Add(CHeader(ctx));
        command.Subcommands.Add(Svg(ctx));
        command.Subcommands.Add(Markdown(ctx));
        return command;
    }

    private static Command CHeader(CommandContext ctx)
    {
        var formats = new Argument<string[]>("formats")
        {
            HelpName = "format",
            Description = "Formats to export (see 'iommu-layouts formats'); one header per family (smmuv3, vtd, ...)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var all = new Option<bool>("--all") { Description = "Export every format" };
        var output = new Option<string>("--output-dir", "-o")
        {
            Description = "Write each family's header (iommu_layouts_<family>.h) into this directory instead of standard output",
            HelpName = "dir",
        };
        var json = CommandContext.JsonOption();
        var command = new Command("c-header", "C header per format family: FIELD_PREP/FIELD_GET masks per 64-bit word, enum values, RES0/RES1 masks")
        {
            formats, all, output, json,
        };
        command.SetAction(parse =>
        {
            var families = SelectByFamily(ctx, parse.GetValue(formats) ?? [], parse.GetValue(all));
            var dir = parse.GetValue(output);
            var written = new List<(string Family, string File, List<LayoutInfo> Layouts, string Text)>();
            foreach (var (family, layouts) in families)
            {
                using var text = new StringWriter();
                text.NewLine = "\n";
                CHeaderWriter.Write(text, family, layouts);
                var file = CHeaderWriter.FileName(family);
                if (dir is not null)
                {
                    file = Path.Combine(dir, file);
                    WriteFile(file, text.ToString());
                }

                written.Add((family, file, layouts, text.ToString()));
            }

            if (parse.GetValue(json))
            {
                ctx.WriteJson(w =>
                {
                    w.WriteStartArray();
                    foreach (var (family, file, layouts, text) in written)
                    {
                        w.WriteStartObject();
                        w.WriteString("family", family);
                        w.WriteString("file", file);
                        w.WriteStartArray("formats");
                        foreach (var l in layouts)
                        {
                            w.WriteStringValue(l.Name);
                        }

                        w.WriteEndArray();
                        if (dir is null)
                        {
                            w.WriteString("text", text);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else
            {
                foreach (var (_, file, layouts, text) in written)
                {
                    if (dir is null)
                    {
                        ctx.Out.Write(text);
                    }
                    else
                    {
                        ctx.Out.WriteLine($"{file}: {layouts.Count} format{(layouts.Count == 1 ? string.Empty : "s")}");
                    }
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Svg(CommandContext ctx)
    {
        var format = ctx.FormatArgument();
        var value = new Option<string>("--value")
        {
            Description = "Draw this entry's field values (its 64-bit words, as decode takes them: \"0x1 0x2\", commas or newlines)",
            HelpName = "words",
        };
        var output = new Option<string>("--output", "-o") { Description = "Write the SVG to this file instead of standard output", HelpName = "file" };
        var json = CommandContext.JsonOption();
        var command = new Command("svg", "Register diagram as SVG: a row per 32 bits, bit numbers, named field boxes, RES0/RES1/ignored shaded")
        {
            format, value, output, json,
        };
        command.SetAction(parse =>
        {
            var layout = ctx.FindLayout(parse.GetValue(format)!);
            var words = parse.GetValue(value) is { } text ? HexInput.ParseWords(layout, [text], "--value word") : null;
            var svg = SvgDiagram.Render(layout, words);
            var file = parse.GetValue(output);
            if (file is not null)
            {
                WriteFile(file, svg);
            }

            if (parse.GetValue(json))
            {
                ctx.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("format", layout.Name);
                    w.WriteString("file", file);
                    w.WriteNumber("rows", (layout.SizeBits + SvgDiagram.BitsPerRow - 1) / SvgDiagram.BitsPerRow);
                    w.WriteStartArray("boxes");
                    for (var lo = 0; lo < layout.SizeBits; lo += SvgDiagram.BitsPerRow)
                    {
                        foreach (var run in SvgDiagram.Runs(layout, lo, System.Math.Min(layout.SizeBits, lo + SvgDiagram.BitsPerRow) - 1))
                        {
                            w.WriteStartObject();
                            w.WriteString("kind", run.Kind);
                            w.WriteNumber("lo", run.Lo);
                            w.WriteNumber("hi", run.Hi);
                            w.WriteString("field", run.Field?.Name);
                            w.WriteEndObject();
                        }
                    }

                    w.WriteEndArray();
                    if (file is null)
                    {
                        w.WriteString("svg", svg);
                    }

                    w.WriteEndObject();
                });
            }
            else if (file is null)
            {
                ctx.Out.Write(svg);
            }
            else
            {
                ctx.Out.WriteLine($"{file}: {layout.Name}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Markdown(CommandContext ctx)
    {
        var formats = new Argument<string[]>("formats")
        {
            HelpName = "format",
            Description = "Formats to export (see 'iommu-layouts formats')",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var all = new Option<bool>("--all") { Description = "Export every format and the index page (README.md)" };
        var output = new Option<string>("--output-dir", "-o")
        {
            Description = "Write <name>.md and its diagram <name>.svg per format into this directory (docs/formats in this repository) instead of standard output",
            HelpName = "dir",
        };
        var json = CommandContext.JsonOption();
        var command = new Command("markdown", "A page per format: summary, spec, diagram, field table, encodings, rules")
        {
            formats, all, output, json,
        };
        command.SetAction(parse =>
        {
            var isAll = parse.GetValue(all);
            var layouts = new List<LayoutInfo>();
            foreach (var (_, group) in SelectByFamily(ctx, parse.GetValue(formats) ?? [], isAll))
            {
                layouts.AddRange(group);
            }

            var dir = parse.GetValue(output);
            var files = new List<(string Path, string Format, string Text)>();
            foreach (var layout in layouts)
            {
                files.Add((MarkdownPage.FileName(layout), layout.Name, MarkdownPage.Render(layout)));
                if (dir is not null)
                {
                    files.Add((MarkdownPage.SvgFileName(layout), layout.Name, SvgDiagram.Render(layout, null)));
                }
            }

            if (isAll)
            {
                files.Add(("README.md", string.Empty, MarkdownPage.RenderIndex(layouts)));
            }

            if (dir is not null)
            {
                for (var i = 0; i < files.Count; i++)
                {
                    var path = Path.Combine(dir, files[i].Path);
                    WriteFile(path, files[i].Text);
                    files[i] = files[i] with { Path = path };
                }
            }

            if (parse.GetValue(json))
            {
                ctx.WriteJson(w =>
                {
                    w.WriteStartArray();
                    foreach (var (path, format, text) in files)
                    {
                        w.WriteStartObject();
                        w.WriteString("file", path);
                        w.WriteString("format", format.Length == 0 ? null : format);
                        if (dir is null)
                        {
                            w.WriteString("text", text);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else if (dir is null)
            {
                for (var i = 0; i < files.Count; i++)
                {
                    ctx.Out.Write((i == 0 ? string.Empty : "\n") + files[i].Text);
                }
            }
            else
            {
                ctx.Out.WriteLine($"{dir}: {layouts.Count} page{(layouts.Count == 1 ? string.Empty : "s")} and their diagrams{(isAll ? ", README.md" : string.Empty)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The requested layouts grouped by family, families and layouts in catalog order.</summary>
    public static List<(string Family, List<LayoutInfo> Layouts)> SelectByFamily(CommandContext ctx, string[] names, bool all)
    {
        if (all && names.Length > 0)
        {
            throw new UsageException($"give formats or --all, not both (format '{names[0]}' was given with --all)");
        }

        if (!all && names.Length == 0)
        {
            throw new UsageException("name the formats to export, or give --all (see 'iommu-layouts formats')");
        }

        var chosen = new HashSet<LayoutInfo>();
        foreach (var name in names)
        {
            chosen.Add(ctx.FindLayout(name));
        }

        var result = new List<(string Family, List<LayoutInfo> Layouts)>();
        foreach (var layout in ctx.Catalog.All)
        {
            if (!all && !chosen.Contains(layout))
            {
                continue;
            }

            var family = CHeaderWriter.Family(layout);
            var index = result.FindIndex(r => r.Family == family);
            if (index < 0)
            {
                result.Add((family, [layout]));
            }
            else
            {
                result[index].Layouts.Add(layout);
            }
        }

        return result;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>, creating its directory; a failure is a usage error naming the path.</summary>
    public static void WriteFile(string path, string text)
    {
        try
        {
            var dir = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot write '{path}': {e.Message}");
        }
    }
}
