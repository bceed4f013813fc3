using System.CommandLine;

namespace IommuLayouts.Cli;

/// <summary><c>decode</c>: every field of an entry, and every rule it breaks.</summary>
internal static class DecodeCommand
{
    public static Command Create(CommandContext ctx)
    {
        var json = CommandContext.JsonOption();
        var format = ctx.FormatArgument();
        var input = new EntryInput();
        var command = new Command("decode", "Decode an entry: each field's value (enum names, hex addresses) and every violation") { format };
        input.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var layout = ctx.FindLayout(parse.GetValue(format)!);
            var words = input.Read(parse, layout);
            var report = layout.Ops.Validate(words);
            if (parse.GetValue(json))
            {
                ctx.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("name", layout.Name);
                    CommandContext.WriteWords(w, "words", words);
                    w.WriteStartObject("fields");
                    foreach (var f in layout.Fields)
                    {
                        w.WritePropertyName(f.Name);
                        FieldValues.WriteJson(w, f, words);
                    }

                    w.WriteEndObject();
                    w.WriteBoolean("valid", report.IsValid);
                    CommandContext.WriteViolations(w, report);
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            ctx.Out.WriteLine($"{ctx.Style.Bold(layout.Name)}: {string.Join(' ', System.Array.ConvertAll(words, FieldValues.Word))}");
            var table = new TextTable("BITS", "FIELD", "VALUE").StyleColumn(1, ctx.Style.Cyan);
            foreach (var f in layout.Fields)
            {
                table.Add(FieldValues.Bits(f.Lo, f.Hi), f.Name, FieldValues.Text(f, words));
            }

            table.WriteTo(ctx.Out, ctx.Style);
            ctx.WriteViolationsText(report);
            return ExitCodes.Success;
        });
        return command;
    }
}
