using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace IommuLayouts.Cli;

/// <summary>
/// <c>diff</c>: which fields and which 64-bit words differ between two entries — what a driver author needs
/// when an entry update misbehaves (cf. the word-by-word reasoning of Linux's arm_smmu_write_entry()).
/// </summary>
internal static class DiffCommand
{
    public static Command Create(CommandContext ctx)
    {
        var json = CommandContext.JsonOption();
        var format = ctx.FormatArgument();
        var words = new Argument<string[]>("words")
        {
            Description = "The old entry's words, then '--', then the new entry's words (hex, word 0 first)",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("diff", "Compare two entries: fields that differ (old -> new) and 64-bit words that changed")
        {
            format,
            words,
            json,
        };
        command.SetAction(parse =>
        {
            var layout = ctx.FindLayout(parse.GetValue(format)!);
            var (textA, textB, jsonAfterDashes) = Split(parse, words);
            var a = HexInput.ParseWords(layout, textA, "old word");
            var b = HexInput.ParseWords(layout, textB, "new word");
            var changedWords = new List<int>();
            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    changedWords.Add(i);
                }
            }

            var changedFields = new List<BitFieldInfo>();
            foreach (var f in layout.Fields)
            {
                if (f.ReadRaw(a) != f.ReadRaw(b))
                {
                    changedFields.Add(f);
                }
            }

            var otherBits = OtherBits(layout, a, b);
            if (parse.GetValue(json) || jsonAfterDashes)
            {
                ctx.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("name", layout.Name);
                    w.WriteBoolean("identical", changedWords.Count == 0);
                    LayoutJson.WriteWords(w, "old", a);
                    LayoutJson.WriteWords(w, "new", b);
                    w.WriteStartArray("changedWords");
                    foreach (var i in changedWords)
                    {
                        w.WriteNumberValue(i);
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("fields");
                    foreach (var f in changedFields)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", f.Name);
                        w.WriteNumber("lo", f.Lo);
                        w.WriteNumber("hi", f.Hi);
                        w.WritePropertyName("old");
                        LayoutJson.WriteFieldValue(w, f, a);
                        w.WritePropertyName("new");
                        LayoutJson.WriteFieldValue(w, f, b);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("otherBits");
                    foreach (var (lo, hi, kind) in otherBits)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("lo", lo);
                        w.WriteNumber("hi", hi);
                        w.WriteString("kind", kind);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            if (changedWords.Count == 0)
            {
                ctx.Out.WriteLine($"{ctx.Style.Bold(layout.Name)}: the entries are identical");
                return ExitCodes.Success;
            }

            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ctx.Style.Bold(layout.Name)}: {changedFields.Count} field{(changedFields.Count == 1 ? string.Empty : "s")} differ; changed word{(changedWords.Count == 1 ? string.Empty : "s")}: {string.Join(", ", changedWords)}"));
            if (changedFields.Count > 0)
            {
                var table = new TextTable("BITS", "FIELD", "OLD", "NEW").StyleColumn(1, ctx.Style.Cyan).StyleColumn(2, ctx.Style.Red).StyleColumn(3, ctx.Style.Green);
                foreach (var f in changedFields)
                {
                    table.Add(FieldValues.Bits(f.Lo, f.Hi), f.Name, FieldText.Format(f, a), FieldText.Format(f, b));
                }

                table.WriteTo(ctx.Out, ctx.Style);
            }

            foreach (var (lo, hi, kind) in otherBits)
            {
                ctx.Out.WriteLine($"{kind} bits {FieldValues.Bits(lo, hi)} differ");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The words before and after the <c>--</c> token (System.CommandLine keeps it in the token list). After
    /// <c>--</c> every token is an argument; <c>--json</c> there is still taken as the option, because people
    /// naturally add it at the end and no hex word looks like it.
    /// </summary>
    private static (string[] A, string[] B, bool Json) Split(ParseResult parse, Argument<string[]> words)
    {
        var dashDash = -1;
        for (var i = 0; i < parse.Tokens.Count; i++)
        {
            if (parse.Tokens[i].Type == TokenType.DoubleDash)
            {
                dashDash = i;
                break;
            }
        }

        if (dashDash < 0)
        {
            throw new UsageException("diff needs two entries: <old words...> -- <new words...>");
        }

        var a = new List<string>();
        var b = new List<string>();
        var json = false;
        var result = parse.GetResult(words);
        if (result is not null)
        {
            foreach (var token in result.Tokens)
            {
                var index = IndexOf(parse.Tokens, token);
                if (index > dashDash && token.Value == "--json")
                {
                    json = true;
                    continue;
                }

                (index < dashDash ? a : b).Add(token.Value);
            }
        }

        if (a.Count == 0 || b.Count == 0)
        {
            throw new UsageException($"diff needs words on both sides of '--' ({a.Count} before, {b.Count} after)");
        }

        return (a.ToArray(), b.ToArray(), json);
    }

    private static int IndexOf(IReadOnlyList<Token> tokens, Token token)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (ReferenceEquals(tokens[i], token))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"token '{token.Value}' is not in the parse result");
    }

    /// <summary>Differing bits no field claims, as runs of the same kind (RES0, ignored, RES1).</summary>
    private static List<(int Lo, int Hi, string Kind)> OtherBits(LayoutInfo layout, ulong[] a, ulong[] b)
    {
        var kinds = new string?[layout.SizeBits];
        Array.Fill(kinds, "RES0");
        foreach (var r in layout.Ignored)
        {
            Array.Fill(kinds, "ignored", r.Lo, r.Width);
        }

        foreach (var r in layout.Res1)
        {
            Array.Fill(kinds, "RES1", r.Lo, r.Width);
        }

        foreach (var f in layout.Fields)
        {
            Array.Fill(kinds, null, f.Lo, f.Width);
        }

        var runs = new List<(int Lo, int Hi, string Kind)>();
        for (var bit = 0; bit < layout.SizeBits; bit++)
        {
            var kind = kinds[bit];
            var differs = ((a[bit >> 6] ^ b[bit >> 6]) >> (bit & 63) & 1) != 0;
            if (kind is null || !differs)
            {
                continue;
            }

            if (runs.Count > 0 && runs[^1].Hi == bit - 1 && runs[^1].Kind == kind)
            {
                runs[^1] = (runs[^1].Lo, bit, kind);
            }
            else
            {
                runs.Add((bit, bit, kind));
            }
        }

        return runs;
    }
}
