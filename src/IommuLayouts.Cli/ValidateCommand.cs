using System.CommandLine;

namespace IommuLayouts.Cli;

/// <summary><c>validate</c>: only the violations; exit 1 when there is any, so scripts can test an entry.</summary>
internal static class ValidateCommand
{
    public static Command Create(CommandContext ctx)
    {
        var json = CommandContext.JsonOption();
        var format = ctx.FormatArgument();
        var input = new EntryInput();
        var command = new Command("validate", "Check an entry: print every violation; exit 1 if there is any") { format };
        input.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var layout = ctx.FindLayout(parse.GetValue(format)!);
            var words = input.Read(parse, layout, ctx);
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
            }
            else
            {
                ctx.WriteViolationsText(report);
            }

            return report.IsValid ? ExitCodes.Success : ExitCodes.No;
        });
        return command;
    }
}
