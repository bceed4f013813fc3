using System.CommandLine;
using System.Text.Json;

namespace IommuLayouts.Cli;

/// <summary><c>decode</c>: every field of an entry, and every rule it breaks; or, with <c>--from-log</c>, every record a kernel log names.</summary>
internal static class DecodeCommand
{
    public static Command Create(CommandContext ctx)
    {
        var json = CommandContext.JsonOption();
        var format = ctx.FormatArgument();
        format.Arity = ArgumentArity.ZeroOrOne;
        var fromLog = new Option<string>("--from-log")
        {
            Description = "Decode what a kernel log shows (arm-smmu-v3 events, DMAR faults, VT-d entry dumps, debugfs "
                + "dmar_translation_struct lines) from a file, or from standard input when omitted or '-'",
            HelpName = "file|-",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var input = new EntryInput();
        var command = new Command("decode", "Decode an entry: each field's value (enum names, hex addresses) and every violation") { format };
        input.AddTo(command);
        command.Options.Add(fromLog);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            if (parse.GetResult(fromLog) is not null)
            {
                if (parse.GetValue(format) is { } given)
                {
                    throw new UsageException($"--from-log finds the formats itself: drop the format '{given}' (or drop --from-log to decode words)");
                }

                return FromLog(ctx, parse.GetValue(fromLog) ?? "-", parse.GetValue(json));
            }

            var name = parse.GetValue(format)
                ?? throw new UsageException("decode needs a <format> and its words, or --from-log (see 'iommu-layouts decode --help')");
            var layout = ctx.FindLayout(name);
            var words = input.Read(parse, layout, ctx);
            if (parse.GetValue(json))
            {
                ctx.WriteJson(w => LayoutJson.WriteDecoded(w, layout, words));
                return ExitCodes.Success;
            }

            WriteEntry(ctx, layout, words, string.Empty);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteEntry(CommandContext ctx, LayoutInfo layout, ulong[] words, string indent)
    {
        ctx.Out.WriteLine($"{indent}{ctx.Style.Bold(layout.Name)}: {string.Join(' ', System.Array.ConvertAll(words, FieldText.Word))}");
        var table = new TextTable("BITS", "FIELD", "VALUE").StyleColumn(1, ctx.Style.Cyan);
        foreach (var f in layout.Fields)
        {
            table.Add(FieldValues.Bits(f.Lo, f.Hi), f.Name, FieldText.Format(f, words));
        }

        table.WriteTo(ctx.Out, ctx.Style, indent);
        var report = layout.Ops.Validate(words);
        if (indent.Length == 0)
        {
            ctx.WriteViolationsText(report);
        }
        else if (!report.IsValid)
        {
            var violations = new TextTable("RULE", "BITS", "MESSAGE").StyleColumn(0, ctx.Style.Red);
            foreach (var v in report)
            {
                violations.Add(v.Rule, FieldValues.Bits(v.Lo, v.Hi), v.Message);
            }

            ctx.Out.WriteLine($"{indent}{ctx.Style.Red(report.Count == 1 ? "1 violation" : $"{report.Count} violations")}");
            violations.WriteTo(ctx.Out, ctx.Style, indent + "  ");
        }
    }

    private static int FromLog(CommandContext ctx, string path, bool json)
    {
        var text = ctx.ReadFileOrStandardInput(path, "--from-log");
        var log = KernelLog.Parse(ctx.Catalog, text);
        foreach (var warning in log.Warnings)
        {
            ctx.Error.WriteLine($"iommu-layouts: warning: {warning}");
        }

        if (log.Records.Count == 0)
        {
            throw new UsageException($"--from-log: no SMMUv3 event, DMAR fault or entry dump found in {(path == "-" ? "standard input" : $"'{path}'")}");
        }

        if (json)
        {
            ctx.WriteJson(w => WriteLogJson(w, log));
            return ExitCodes.Success;
        }

        var first = true;
        foreach (var r in log.Records)
        {
            if (!first)
            {
                ctx.Out.WriteLine();
            }

            first = false;
            ctx.Out.WriteLine($"line {r.Line}: {ctx.Style.Bold(r.Title)} ({r.Source})");
            if (r.Meaning is not null)
            {
                ctx.Out.WriteLine($"  meaning: {r.Meaning}");
            }

            if (r.Cause is not null)
            {
                ctx.Out.WriteLine($"  likely cause: {r.Cause}");
            }

            if (r.RelatedLine is { } related)
            {
                ctx.Out.WriteLine($"  dumped for the fault at line {related}");
            }

            foreach (var (key, value) in r.Extra)
            {
                ctx.Out.WriteLine($"  {key}: {value}");
            }

            WriteEntry(ctx, r.Layout, r.Words, "  ");
        }

        return ExitCodes.Success;
    }

    private static void WriteLogJson(Utf8JsonWriter w, KernelLog log)
    {
        w.WriteStartObject();
        w.WriteStartArray("records");
        foreach (var r in log.Records)
        {
            w.WriteStartObject();
            w.WriteNumber("line", r.Line);
            w.WriteString("source", r.Source);
            w.WriteString("title", r.Title);
            w.WriteString("meaning", r.Meaning);
            w.WriteString("likelyCause", r.Cause);
            if (r.RelatedLine is { } related)
            {
                w.WriteNumber("faultLine", related);
            }
            else
            {
                w.WriteNull("faultLine");
            }

            w.WriteStartObject("extra");
            foreach (var (key, value) in r.Extra)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
            w.WritePropertyName("decoded");
            LayoutJson.WriteDecoded(w, r.Layout, r.Words);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("warnings");
        foreach (var warning in log.Warnings)
        {
            w.WriteStringValue(warning);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
