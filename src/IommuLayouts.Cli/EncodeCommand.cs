using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;

namespace IommuLayouts.Cli;

/// <summary><c>encode</c>: builds an entry from <c>Field=Value</c> pairs and prints its words.</summary>
internal static class EncodeCommand
{
    public static Command Create(CommandContext ctx)
    {
        var json = CommandContext.JsonOption();
        var format = ctx.FormatArgument();
        var assignments = new Argument<string[]>("assignments")
        {
            Description = "Field=Value pairs: numbers (decimal or 0x hex), enum names, true/false; addresses as addresses",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("encode", "Build an entry from field values and print its 64-bit words (RES1 bits start set, everything else zero)")
        {
            format,
            assignments,
            json,
        };
        command.SetAction(parse =>
        {
            var layout = ctx.FindLayout(parse.GetValue(format)!);
            var words = Encode(layout, parse.GetValue(assignments) ?? Array.Empty<string>());
            var report = layout.Ops.Validate(words);
            if (parse.GetValue(json))
            {
                ctx.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("name", layout.Name);
                    LayoutJson.WriteWords(w, "words", words);
                    w.WriteBoolean("valid", report.IsValid);
                    LayoutJson.WriteViolations(w, report);
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            // Only the words go to standard output, so `$(iommu-layouts encode ...)` can feed decode or a test.
            ctx.Out.WriteLine(string.Join(' ', Array.ConvertAll(words, FieldText.Word)));
            foreach (var v in report)
            {
                ctx.Error.WriteLine($"iommu-layouts: warning: the entry breaks {v}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The words of an entry with the given fields set; RES1 bits are set as hardware requires.</summary>
    public static ulong[] Encode(LayoutInfo layout, IReadOnlyList<string> assignments)
    {
        var words = new ulong[layout.WordCount];
        foreach (var r in layout.Res1)
        {
            for (var bit = r.Lo; bit <= r.Hi; bit++)
            {
                words[bit >> 6] |= 1UL << (bit & 63);
            }
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assignment in assignments)
        {
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"'{assignment}' is not Field=Value");
            }

            var name = assignment[..eq].Trim();
            var text = assignment[(eq + 1)..].Trim();
            var field = layout.FindField(name)
                ?? throw new UsageException($"{layout.Name} has no field '{name}' (run 'iommu-layouts describe {layout.Name}' for its fields)");
            if (!seen.Add(field.Name))
            {
                throw new UsageException($"field {field.Name} is given twice");
            }

            field.WriteRaw(words, ToRaw(field, text));
        }

        return words;
    }

    private static ulong ToRaw(BitFieldInfo field, string text)
    {
        if (!FieldText.TryParse(field, text, out var raw, out var error))
        {
            throw new UsageException($"{field.Name}={text}: {error}");
        }

        return raw;
    }
}
