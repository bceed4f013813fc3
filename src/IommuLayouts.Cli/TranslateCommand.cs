using System.CommandLine;
using System.IO;
using IommuLayouts.Scenarios;

namespace IommuLayouts.Cli;

/// <summary>
/// <c>translate</c>: runs a scenario file (memory, descriptors, register writes, DMA requests) on the emulator and
/// prints each result; exit 1 when an expectation fails, 2 when the file cannot be run.
/// </summary>
internal static class TranslateCommand
{
    public static Command Create(CommandContext ctx)
    {
        var file = new Argument<string>("file") { Description = "A scenario file (see docs/scenario-format.md)" };
        var trace = new Option<bool>("--trace") { Description = "Show every step of every walk" };
        var json = CommandContext.JsonOption();
        var command = new Command("translate", "Run a scenario file on the SMMUv3 or VT-d emulator; exit 1 if an expectation fails") { file };
        command.Options.Add(trace);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var report = Run(ctx, path, parse.GetValue(trace));
            if (parse.GetValue(json))
            {
                ctx.WriteJson(w => ScenarioReportWriter.WriteJson(w, report));
            }
            else
            {
                ScenarioReportWriter.WriteText(ctx.Out, report);
            }

            return report.Passed ? ExitCodes.Success : ExitCodes.No;
        });
        return command;
    }

    /// <summary>Loads and runs a scenario; a bad file is a usage error naming the file, the JSON path and the problem.</summary>
    public static ScenarioReport Run(CommandContext ctx, string path, bool trace)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such file");
        }

        try
        {
            var scenario = new ScenarioLoader(ctx.Catalog).LoadFile(path);
            return new ScenarioRunner(ScenarioDevices.Default, ctx.Catalog).Run(scenario, trace);
        }
        catch (ScenarioException e)
        {
            throw new UsageException($"{path}: {e.Message}");
        }
    }
}
