using System.IO;
using System.Text.Json;

namespace IommuLayouts.Cli.Tests;

/// <summary>Runs the real CLI in-process over this project's test formats and captures what it writes.</summary>
internal static class CliRunner
{
    public static LayoutCatalog Catalog { get; } = new(IommuLayouts.Cli.Tests.BitLayoutCatalog.Layouts);

    /// <summary>The formats of IommuLayouts.Specs, for commands that look formats up themselves (decode --from-log).</summary>
    public static LayoutCatalog SpecsCatalog { get; } = new(IommuLayouts.Specs.BitLayoutCatalog.Layouts);

    public static CliResult Run(params string[] args) => Run(color: false, args);

    /// <summary>Runs over the IommuLayouts.Specs formats with <paramref name="stdin"/> as standard input.</summary>
    public static CliResult RunSpecs(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = new CliApp(SpecsCatalog, input, output, error, color: false).Run(args);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static CliResult Run(bool color, params string[] args) => RunWithInput(string.Empty, color, args);

    /// <summary>Runs with <paramref name="stdin"/> as standard input.</summary>
    public static CliResult RunWithInput(string stdin, params string[] args) => RunWithInput(stdin, color: false, args);

    private static CliResult RunWithInput(string stdin, bool color, string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = new CliApp(Catalog, input, output, error, color).Run(args);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

/// <summary>Exit code and the two output streams of one run.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    public JsonElement Json() => JsonDocument.Parse(Out).RootElement;
}
