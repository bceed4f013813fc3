using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace IommuLayouts.Generators.Tests;

/// <summary>
/// Snapshot checks that follow Verify's conventions (Verify.Xunit cannot be restored here):
/// <c>Snapshots/{Class}.{Method}#{hint}.verified.cs</c> committed next to the tests, first line
/// <c>//HintName: {hint}</c>; on a mismatch a <c>.received.cs</c> is written beside it and the test fails with a diff.
/// Setting <c>IOMMU_LAYOUTS_ACCEPT=1</c> accepts the received text instead, except when <c>CI=true</c>.
/// </summary>
internal static partial class Snapshot
{
    public const string AcceptVariable = "IOMMU_LAYOUTS_ACCEPT";

    /// <summary>
    /// The committed Snapshots folder. Found from the test's output folder, not [CallerFilePath]: CI builds
    /// (ContinuousIntegrationBuild) map source paths to /_/, where no file exists.
    /// </summary>
    public static string Directory() => Path.Combine(RepositoryRoot(), "tests", "IommuLayouts.Generators.Tests", "Snapshots");

    /// <summary>The folder holding IommuLayouts.sln, found upwards from the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IommuLayouts.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"IommuLayouts.sln not found above {AppContext.BaseDirectory}");
    }

    public static string FileName(string className, string method, string hint) => $"{className}.{method}#{hint}.verified.cs";

    public static void Verify(string generated, string hint, string className, [CallerMemberName] string method = "") =>
        VerifyIn(Directory(), generated, hint, className, method);

    public static void VerifyIn(string directory, string generated, string hint, string className, string method)
    {
        var verifiedPath = Path.Combine(directory, FileName(className, method, hint));
        var receivedPath = verifiedPath.Replace(".verified.cs", ".received.cs", StringComparison.Ordinal);
        var actual = Normalize($"//HintName: {hint}\n{generated}");
        var expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1" && Environment.GetEnvironmentVariable("CI") != "true")
        {
            File.WriteAllText(verifiedPath, actual, new UTF8Encoding(false));
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual, new UTF8Encoding(false));
        var message = expected is null
            ? $"No snapshot {Path.GetFileName(verifiedPath)} yet; the output was written to {Path.GetFileName(receivedPath)}. Review it and rename it to .verified.cs, or run with {AcceptVariable}=1."
            : $"Generated code differs from {Path.GetFileName(verifiedPath)} (received text written beside it; accept with {AcceptVariable}=1):\n{Diff(expected, actual)}";
        throw new XunitException(message);
    }

    /// <summary>LF line ends, no BOM, and the generator's version scrubbed so a version bump does not churn snapshots.</summary>
    public static string Normalize(string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        return VersionPattern().Replace(text, "GeneratedCode(\"IommuLayouts.Generators\", \"<version>\")");
    }

    /// <summary>A small line diff: the first differing region with a little context, marked - (verified) and + (received).</summary>
    public static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start])
        {
            start++;
        }

        var endA = a.Length - 1;
        var endB = b.Length - 1;
        while (endA >= start && endB >= start && a[endA] == b[endB])
        {
            endA--;
            endB--;
        }

        var lines = new List<string> { $"@@ line {start + 1} @@" };
        for (var i = Math.Max(0, start - 3); i < start; i++)
        {
            lines.Add("  " + a[i]);
        }

        for (var i = start; i <= endA && i < start + 40; i++)
        {
            lines.Add("- " + a[i]);
        }

        for (var i = start; i <= endB && i < start + 40; i++)
        {
            lines.Add("+ " + b[i]);
        }

        return string.Join("\n", lines);
    }

    [GeneratedRegex("GeneratedCode\\(\"IommuLayouts.Generators\", \"[^\"]*\"\\)")]
    private static partial Regex VersionPattern();
}
