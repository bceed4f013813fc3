using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace IommuLayouts.Package.Tests;

/// <summary>
/// What someone outside the repository gets: the IommuLayouts and IommuLayouts.Specs packages, packed from
/// this build into a temporary folder, restored from that folder only into a throwaway project that defines
/// its own format (Consumer/), which is then built and run.
/// </summary>
public sealed class ConsumerPackageTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(150);
    private readonly ITestOutputHelper _log;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "iommulayouts-consumer-" + Guid.NewGuid().ToString("N"));

    public ConsumerPackageTests(ITestOutputHelper log) => _log = log;

    [Fact]
    public void A_project_referencing_only_the_packages_gets_working_generated_code()
    {
        var repo = FindRepositoryRoot();
        var configuration = typeof(ConsumerPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var feed = Directory.CreateDirectory(Path.Combine(_root, "feed")).FullName;
        var app = Directory.CreateDirectory(Path.Combine(_root, "app")).FullName;

        // --no-build: `dotnet test` has just built both projects in this configuration; packing must not race it.
        foreach (var project in new[] { "src/IommuLayouts/IommuLayouts.csproj", "specs/IommuLayouts.Specs.csproj" })
        {
            Dotnet(repo, "pack", Path.Combine(repo, project), "-c", configuration, "--no-build", "-o", feed, "-nologo");
        }

        var runtimePackage = Path.GetFileName(Directory.GetFiles(feed, "IommuLayouts.*.nupkg").Single(p => !Path.GetFileName(p).StartsWith("IommuLayouts.Specs.", StringComparison.Ordinal)));
        var version = runtimePackage["IommuLayouts.".Length..^".nupkg".Length];
        Assert.True(File.Exists(Path.Combine(feed, $"IommuLayouts.Specs.{version}.nupkg")), "the Specs package has the runtime's version");

        WriteConsumer(app, feed, version);
        Dotnet(app, "build", "-c", "Release", "-nologo", "--disable-build-servers", "-p:UseSharedCompilation=false");
        var output = Dotnet(app, "bin/Release/net10.0/ConsumerApp.dll");

        var lines = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

        // Valid bit 0, SH = 3 at bits 8..9 (0x300), address 0x8_4000_1000 in bits 12..47 as is, PBHA 0xA at bits 59..62.
        Assert.Equal("5000000840001301", lines["word"]);
        Assert.Equal("840001000", lines["address"]);
        Assert.Equal("True", lines["valid"]);

        // 0x121: RES0 bit 5 set, SH = 0b01 (reserved) at bits 8..9.
        Assert.Equal("ENUM:8..9,RES0:5..5", lines["broken"]);
        Assert.Equal("PAGE.V", lines["rule"]);
        Assert.Equal("True", lines["roundtrip"]);
        Assert.Equal("True", lines["found"]);
        Assert.Equal("55..58", lines["ignored"]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException e)
        {
            _log.WriteLine($"could not remove {_root}: {e.Message}");
        }
    }

    private void WriteConsumer(string app, string feed, string version)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Consumer");
        File.Copy(Path.Combine(source, "PageDescriptor.cs"), Path.Combine(app, "PageDescriptor.cs"));
        File.Copy(Path.Combine(source, "Program.cs"), Path.Combine(app, "Program.cs"));
        File.WriteAllText(Path.Combine(app, "ConsumerApp.csproj"),
            File.ReadAllText(Path.Combine(source, "ConsumerApp.csproj.txt")).Replace("$(IommuLayoutsVersion)", version, StringComparison.Ordinal));

        // Stop MSBuild from walking up into whatever lies above the temp folder.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(_root, name), "<Project />");
        }

        // Only the fresh feed, and a private package cache so no stale copy of this version can be picked up.
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(_root, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="iommulayouts-test-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
    }

    private string Dotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // The test host may inherit MSBuild's own variables; a child build must find its SDK by itself.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(StepTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', args)} took more than {StepTimeout.TotalSeconds} s:\n{output}");
        }

        process.WaitForExit();
        _log.WriteLine($"dotnet {string.Join(' ', args)}: exit {process.ExitCode} in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} failed (exit {process.ExitCode}):\n{output}");
        return output.ToString();
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sb)
        {
            sb.AppendLine(line);
        }
    }

    private static string DotnetPath()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IommuLayouts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no IommuLayouts.sln above {AppContext.BaseDirectory}");
    }
}
