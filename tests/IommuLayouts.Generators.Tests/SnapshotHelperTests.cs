using System;
using System.IO;
using Xunit;
using Xunit.Sdk;

namespace IommuLayouts.Generators.Tests;

/// <summary>The snapshot helper's own contract: Verify's file names, received files, a diff, and acceptance never in CI.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("iommu-snapshots-").FullName;
    private readonly string? _accept = Environment.GetEnvironmentVariable(Snapshot.AcceptVariable);

    /// <summary>The helper's contract is checked without acceptance, whatever the outer environment says.</summary>
    public SnapshotHelperTests() => Environment.SetEnvironmentVariable(Snapshot.AcceptVariable, null);

    [Fact]
    public void Mismatch_writes_received_file_and_fails_with_a_diff()
    {
        File.WriteAllText(Path.Combine(_directory, "C.M#h.cs.verified.cs"), "//HintName: h.cs\nline one\nline two\n");

        var ex = Assert.Throws<XunitException>(() => Snapshot.VerifyIn(_directory, "line one\nline 2\n", "h.cs", "C", "M"));

        Assert.Contains("- line two", ex.Message);
        Assert.Contains("+ line 2", ex.Message);
        Assert.Equal("//HintName: h.cs\nline one\nline 2\n", File.ReadAllText(Path.Combine(_directory, "C.M#h.cs.received.cs")));
    }

    [Fact]
    public void Match_passes_and_removes_a_stale_received_file()
    {
        File.WriteAllText(Path.Combine(_directory, "C.M#h.cs.verified.cs"), "//HintName: h.cs\r\nsame\r\n");
        File.WriteAllText(Path.Combine(_directory, "C.M#h.cs.received.cs"), "old");

        Snapshot.VerifyIn(_directory, "same\n", "h.cs", "C", "M");

        Assert.False(File.Exists(Path.Combine(_directory, "C.M#h.cs.received.cs")));
    }

    [Fact]
    public void Accept_variable_is_ignored_when_CI_is_true()
    {
        var oldAccept = Environment.GetEnvironmentVariable(Snapshot.AcceptVariable);
        var oldCi = Environment.GetEnvironmentVariable("CI");
        try
        {
            Environment.SetEnvironmentVariable(Snapshot.AcceptVariable, "1");
            Environment.SetEnvironmentVariable("CI", "true");
            Assert.Throws<XunitException>(() => Snapshot.VerifyIn(_directory, "new\n", "h.cs", "C", "M"));
            Assert.False(File.Exists(Path.Combine(_directory, "C.M#h.cs.verified.cs")));

            Environment.SetEnvironmentVariable("CI", null);
            Snapshot.VerifyIn(_directory, "new\n", "h.cs", "C", "M");
            Assert.Equal("//HintName: h.cs\nnew\n", File.ReadAllText(Path.Combine(_directory, "C.M#h.cs.verified.cs")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Snapshot.AcceptVariable, oldAccept);
            Environment.SetEnvironmentVariable("CI", oldCi);
        }
    }

    [Fact]
    public void Generator_version_is_scrubbed() =>
        Assert.Equal(
            "[GeneratedCode(\"IommuLayouts.Generators\", \"<version>\")]",
            Snapshot.Normalize("\uFEFF[GeneratedCode(\"IommuLayouts.Generators\", \"1.2.3.4\")]"));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Snapshot.AcceptVariable, _accept);
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>Tests that change process environment variables must not run beside the snapshot tests.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection
{
}
