using System.CommandLine;
using IommuLayouts.Scenarios.Nesting;

namespace IommuLayouts.Cli;

/// <summary>
/// <c>demo</c>: nested translation on SMMUv3 and VT-d through the nesting API, narrated (docs/nesting.md);
/// <c>demo --write &lt;dir&gt;</c> writes its two scenario files instead, to edit and run with <c>translate</c>.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CommandContext ctx)
    {
        var write = new Option<string?>("--write") { Description = "Write the demo's scenario files (smmuv3-nested.json, vtd-nested.json) into this directory instead of running them" };
        var command = new Command("demo", "Nested translation (guest stage 1 over host stage 2) on an SMMUv3 and a VT-d unit: bind, DMA, stage-1 and stage-2 faults, a guest invalidation");
        command.Options.Add(write);
        command.SetAction(parse =>
        {
            if (parse.GetValue(write) is { } directory)
            {
                try
                {
                    foreach (var path in NestingDemo.WriteScenarios(directory))
                    {
                        ctx.Out.WriteLine($"wrote {path} (run it: iommu-layouts translate {path} --trace)");
                    }
                }
                catch (System.IO.IOException e)
                {
                    throw new UsageException($"{directory}: {e.Message}");
                }
                catch (System.UnauthorizedAccessException e)
                {
                    throw new UsageException($"{directory}: {e.Message}");
                }

                return ExitCodes.Success;
            }

            return NestingDemo.Run(ctx.Out) ? ExitCodes.Success : ExitCodes.No;
        });
        return command;
    }
}
