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
            var words = input.Read(parse, layout, ctx);
            if (parse.GetValue(json))
            {
                ctx.WriteJson(w => LayoutJson.WriteDecoded(w, layout, words));
                return ExitCodes.Success;
            }

            ctx.Out.WriteLine($"{ctx.Style.Bold(layout.Name)}: {string.Join(' ', System.Array.ConvertAll(words, FieldText.Word))}");
            var table = new TextTable("BITS", "FIELD", "VALUE").StyleColumn(1, ctx.Style.Cyan);
            foreach (var f in layout.Fields)
            {
                table.Add(FieldValues.Bits(f.Lo, f.Hi), f.Name, FieldText.Format(f, words));
            }

            table.WriteTo(ctx.Out, ctx.Style);
            ctx.WriteViolationsText(layout.Ops.Validate(words));
            return ExitCodes.Success;
        });
        return command;
    }
}
