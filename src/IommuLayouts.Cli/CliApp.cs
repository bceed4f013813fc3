using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.IO;

namespace IommuLayouts.Cli;

/// <summary>
/// The <c>iommu-layouts</c> tool over any <see cref="LayoutCatalog"/>: Program.cs gives it the formats of
/// IommuLayouts.Specs and the console; tests give it their own formats and string writers and run it in-process.
/// </summary>
/// <remarks>
/// Exit codes (<see cref="ExitCodes"/>): 0 success, 1 a valid request whose answer is "no", 2 bad usage or
/// unreadable input — always with one line on standard error that names the problem, never a stack trace.
/// </remarks>
public sealed class CliApp
{
    private const string ToolName = "iommu-layouts";

    /// <summary>The widest line help writes.</summary>
    public const int HelpWidth = 100;
    private readonly CommandContext _ctx;

    /// <param name="catalog">The formats the tool knows.</param>
    /// <param name="output">Standard output (results, help).</param>
    /// <param name="error">Standard error (error messages and warnings).</param>
    /// <param name="color">Use ANSI colours; pass true only when <paramref name="output"/> is a terminal.</param>
    public CliApp(LayoutCatalog catalog, TextWriter output, TextWriter error, bool color)
        : this(catalog, TextReader.Null, output, error, color)
    {
    }

    /// <param name="catalog">The formats the tool knows.</param>
    /// <param name="input">Standard input, read where an argument is '-'.</param>
    /// <param name="output">Standard output (results, help).</param>
    /// <param name="error">Standard error (error messages and warnings).</param>
    /// <param name="color">Use ANSI colours; pass true only when <paramref name="output"/> is a terminal.</param>
    public CliApp(LayoutCatalog catalog, TextReader input, TextWriter output, TextWriter error, bool color)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        _ctx = new CommandContext(catalog, input, output, error, new Style(color));
    }

    /// <summary>Runs one command line; returns the process exit code.</summary>
    public int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            var root = BuildRootCommand();
            var parse = root.Parse(args);
            if (parse.Action is ParseErrorAction && parse.Errors.Count > 0)
            {
                // System.CommandLine would print every error and the whole help; one line says more.
                var command = parse.CommandResult.Command;
                var helpFor = command == root ? ToolName : $"{ToolName} {command.Name}";
                var message = parse.UnmatchedTokens.Count > 0
                    ? $"unknown command or argument '{parse.UnmatchedTokens[0]}'"
                    : parse.Errors[0].Message.TrimEnd('.');
                Fail($"{message} (see '{helpFor} --help')");
                return ExitCodes.Usage;
            }

            return parse.Invoke(new InvocationConfiguration
            {
                Output = _ctx.Out,
                Error = _ctx.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (UsageException e)
        {
            Fail(e.Message);
            return ExitCodes.Usage;
        }
#pragma warning disable CA1031 // The tool's contract is one line and an exit code, never a stack trace, even for its own bugs.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail($"internal error ({e.GetType().Name}): {e.Message} — please report it");
            return ExitCodes.InternalError;
        }
    }

    private RootCommand BuildRootCommand()
    {
        var root = new RootCommand("Inspect IOMMU descriptor formats (Arm SMMUv3, Intel VT-d) and run translations on the emulator: list, describe, decode, validate, encode, diff, translate.")
        {
            DemoCommand.Create(_ctx),
            FormatsCommand.Create(_ctx),
            DescribeCommand.Create(_ctx),
            DecodeCommand.Create(_ctx),
            TranslateCommand.Create(_ctx),
            ValidateCommand.Create(_ctx),
            EncodeCommand.Create(_ctx),
            DiffCommand.Create(_ctx),
            ExportCommand.Create(_ctx),
        };
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction help })
            {
                // Redirected output has no window width; help must still fit a 100-column terminal.
                help.MaxWidth = Math.Min(HelpWidth, TerminalWidth());
            }
        }

        return root;
    }

    /// <summary>The terminal's width when standard output is one, else no limit beyond <see cref="HelpWidth"/>.</summary>
    private static int TerminalWidth()
    {
        if (Console.IsOutputRedirected)
        {
            return int.MaxValue;
        }

        try
        {
            return Console.WindowWidth > 20 ? Console.WindowWidth : int.MaxValue;
        }
        catch (IOException)
        {
            return int.MaxValue;
        }
    }

    private void Fail(string message) =>
        _ctx.Error.WriteLine($"{ToolName}: error: {message.ReplaceLineEndings(" ")}");
}
