using System.CommandLine;

namespace IommuLayouts.Cli;

/// <summary><c>formats</c>: every format the tool knows, with its size, summary and spec reference.</summary>
internal static class FormatsCommand
{
    public static Command Create(CommandContext ctx)
    {
        var json = CommandContext.JsonOption();
        var command = new Command("formats", "List every format: name, size in bits, summary, spec reference") { json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(json))
            {
                ctx.WriteJson(w =>
                {
                    w.WriteStartArray();
                    foreach (var layout in ctx.Catalog.All)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", layout.Name);
                        w.WriteNumber("sizeBits", layout.SizeBits);
                        w.WriteString("summary", layout.Summary);
                        w.WriteString("spec", layout.Spec);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            if (ctx.Catalog.All.Count == 0)
            {
                ctx.Error.WriteLine("iommu-layouts: this build knows no formats");
                return ExitCodes.Success;
            }

            var table = new TextTable("NAME", "BITS", "SUMMARY", "SPEC").StyleColumn(0, ctx.Style.Cyan);
            foreach (var layout in ctx.Catalog.All)
            {
                table.Add(layout.Name, layout.SizeBits.ToString(System.Globalization.CultureInfo.InvariantCulture), layout.Summary ?? string.Empty, layout.Spec ?? string.Empty);
            }

            table.WriteTo(ctx.Out, ctx.Style);
            return ExitCodes.Success;
        });
        return command;
    }
}
