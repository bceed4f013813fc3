using System.CommandLine;
using IommuLayouts.Emulator.Nesting;

namespace IommuLayouts.Cli;

/// <summary><c>demo</c>: nested translation on SMMUv3 and VT-d, bound through the nesting API (see docs/nesting.md).</summary>
internal static class DemoCommand
{
    public static Command Create(CommandContext ctx)
    {
        var command = new Command("demo", "Show nested translation (guest stage 1 over host stage 2) on an SMMUv3 and a VT-d unit: bind, DMA, faults, guest invalidation");
        command.SetAction(_ => NestingDemo.Run(ctx.Out) ? ExitCodes.Success : ExitCodes.No);
        return command;
    }
}
