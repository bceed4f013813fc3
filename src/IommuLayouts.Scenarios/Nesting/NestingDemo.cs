using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using IommuLayouts.Scenarios;

using IommuLayouts.Emulator.Nesting;

namespace IommuLayouts.Scenarios.Nesting;

/// <summary>
/// The demo behind <c>iommu-layouts demo</c>: two embedded scenario files (<c>smmuv3-nested.json</c>,
/// <c>vtd-nested.json</c>) run with narration — a host stage-2 domain, a guest stage-1 table bound on an SMMUv3 and on a
/// VT-d unit, requests that succeed, a stage-1 and a stage-2 fault, and a guest invalidation (stale result, invalidate,
/// new result). <see cref="WriteScenarios"/> writes the same files, to edit and run with <c>translate</c>.
/// </summary>
public static class NestingDemo
{
    /// <summary>The demo's scenario files, in the order they run.</summary>
    public static IReadOnlyList<string> ScenarioNames { get; } = ["smmuv3-nested.json", "vtd-nested.json"];

    /// <summary>The text of an embedded demo scenario.</summary>
    public static string ScenarioText(string name)
    {
        using var stream = typeof(NestingDemo).Assembly.GetManifestResourceStream("IommuLayouts.Scenarios.Nesting.Demo." + name)
            ?? throw new ArgumentException($"No demo scenario '{name}' (known: {string.Join(", ", ScenarioNames)}).", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Writes the demo scenarios into <paramref name="directory"/> (created if needed); returns their paths.</summary>
    public static IReadOnlyList<string> WriteScenarios(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var name in ScenarioNames)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, ScenarioText(name));
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>Runs both demo scenarios, narrating to <paramref name="output"/>; true when every expectation held.</summary>
    public static bool Run(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Nested translation: the guest owns stage 1 (GVA -> GPA), the host owns stage 2 (GPA -> HPA).");
        output.WriteLine("The same guest mapping is bound on an Arm SMMUv3 and on an Intel VT-d unit through one bind API");
        output.WriteLine("(src/IommuLayouts.Emulator/Nesting); 'iommu-layouts demo --write <dir>' writes these scenarios as files.");
        var devices = new ScenarioDevices()
            .Register(new NestedScenarioDeviceFactory(NestingVendor.Smmuv3, output))
            .Register(new NestedScenarioDeviceFactory(NestingVendor.IntelVtd, output));
        var runner = new ScenarioRunner(devices, ScenarioLoader.DefaultCatalog);
        var loader = new ScenarioLoader(ScenarioLoader.DefaultCatalog);
        var ok = true;
        foreach (var name in ScenarioNames)
        {
            output.WriteLine();
            output.WriteLine($"==================== {(name.StartsWith("smmuv3", StringComparison.Ordinal) ? "Arm SMMUv3" : "Intel VT-d")} ({name}) ====================");
            var report = runner.Run(loader.Load(ScenarioText(name)));
            var met = 0;
            var total = 0;
            foreach (var r in report.Results)
            {
                if (r.Passed is { } passed)
                {
                    total++;
                    met += passed ? 1 : 0;
                    if (!passed)
                    {
                        output.WriteLine($"  UNEXPECTED [{r.Request.Name}]: {r.Mismatch}");
                    }
                }
            }

            output.WriteLine();
            output.WriteLine($"{met}/{total} expectations met.");
            ok &= report.Passed;
        }

        output.WriteLine();
        output.WriteLine(ok ? "Demo complete: every request behaved as expected on both IOMMUs." : "Demo FAILED: see the lines marked UNEXPECTED.");
        return ok;
    }
}
