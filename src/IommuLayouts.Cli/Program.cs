using System;
using IommuLayouts;
using IommuLayouts.Cli;

// Colour only for a person at a terminal: not when piped or redirected, and never when NO_COLOR is set (no-color.org).
var color = !Console.IsOutputRedirected
    && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
    && Environment.GetEnvironmentVariable("TERM") != "dumb";

var catalog = new LayoutCatalog(IommuLayouts.Specs.BitLayoutCatalog.Layouts);
return new CliApp(catalog, Console.In, Console.Out, Console.Error, color).Run(args);
