using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Architecture;

/// <summary>
/// Every architected bit is read through a generated layout (issue 11): emulator code outside the page-table formats
/// (<c>Walkers/Formats/</c>) holds no hand-written masks, single-bit constants, field extractions or hex constants.
/// A file that needs one for a reason that is not an architected field is listed below with that reason.
/// </summary>
public sealed class NoBitLiteralsTests
{
    private const string EmulatorFolder = "src/IommuLayouts.Emulator";

    /// <summary>Folders (relative to the emulator project) whose code may hold literals: the formats over the generated types.</summary>
    private static readonly string[] s_formatFolders = ["Walkers/Formats/"];

    /// <summary>Files (relative to the emulator project) allowed to hold literals, each with why.</summary>
    private static readonly Dictionary<string, string> s_allowlist = new(StringComparer.Ordinal)
    {
        ["Caches/CachePolicy.cs"] = "a capacity bound (1 << 26 entries), not an architected field",
        ["Nesting/NestingDifferential.cs"] = "the differential harness's own address plan (RAM base, table pool, 2 MiB and 256 KiB mapping sizes), not architected fields",
    };

    [Fact]
    public void Emulator_code_outside_the_formats_holds_no_architectural_bit_literals()
    {
        var failures = new List<string>();
        foreach (var (relative, findings) in ScanEmulator())
        {
            if (s_allowlist.ContainsKey(relative))
            {
                continue;
            }

            failures.AddRange(findings.Select(f => $"{EmulatorFolder}/{relative}:{f}"));
        }

        Assert.True(failures.Count == 0,
            "Architectural bits must be read through the generated layouts in specs/ (or listed with a reason in NoBitLiteralsTests):\n"
            + string.Join('\n', failures));
    }

    [Fact]
    public void Every_allowlisted_file_exists_and_still_needs_its_entry()
    {
        var scanned = ScanEmulator().ToDictionary(s => s.Relative, s => s.Findings);
        foreach (var (file, reason) in s_allowlist)
        {
            Assert.False(string.IsNullOrWhiteSpace(reason), $"{file} has no reason");
            Assert.True(scanned.TryGetValue(file, out var findings), $"{file} is allowlisted but does not exist");
            Assert.True(findings!.Count > 0, $"{file} no longer holds bit literals: remove it from the allowlist");
        }
    }

    private static IEnumerable<(string Relative, IReadOnlyList<BitLiteralFinding> Findings)> ScanEmulator()
    {
        var root = Path.Combine(RepositoryRoot(), EmulatorFolder);
        foreach (var path in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)
                || s_formatFolders.Any(f => relative.StartsWith(f, StringComparison.Ordinal)))
            {
                continue;
            }

            yield return (relative, BitLiteralScanner.Scan(File.ReadAllText(path)));
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IommuLayouts.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("IommuLayouts.sln not found above " + AppContext.BaseDirectory);
    }
}
