using System;
using IommuLayouts.Scenarios;
using Xunit;

namespace IommuLayouts.Scenarios.Tests;

/// <summary>
/// <c>"drainEvents": false</c> and the <c>expect-register</c> / <c>expect-memory</c> steps (issue 18 item 6): a file that
/// consumes the event queue itself, and checks what the registers and the queue memory hold.
/// </summary>
public sealed class ManualEventConsumptionTests
{
    private static readonly ScenarioLoader s_loader = new(ScenarioLoader.DefaultCatalog);
    private static readonly ScenarioRunner s_runner = new(TestDeviceFactory.WithDefaults(), ScenarioLoader.DefaultCatalog);

    private const string Faulting = """
        "registers": [ { "offset": 0, "value": 1 } ],
        "requests": [ { "name": "bad", "address": "0x10000000", "access": "write" } ],
        "expect": { "bad": { "fault": "F_PERMISSION" } }
        """;

    [Fact]
    public void Records_are_drained_after_every_action_unless_the_file_says_otherwise()
    {
        Assert.True(s_loader.Load("""{ "iommu": "test" }""").DrainEvents);
        Assert.Single(s_runner.Run(s_loader.Load($$"""{ "iommu": "test", {{Faulting}} }""")).Records);

        var manual = s_loader.Load($$"""{ "iommu": "test", "drainEvents": false, {{Faulting}} }""");
        Assert.False(manual.DrainEvents);
        var report = s_runner.Run(manual);
        Assert.True(report.Passed);
        Assert.Empty(report.Records);
    }

    [Fact]
    public void Register_and_memory_checks_pass_or_name_the_step_and_the_values()
    {
        var ok = s_loader.Load("""
            { "iommu": "test", "memory": [ { "address": "0x100", "words": [ 7 ] } ], "registers": [ { "offset": 0, "value": 1 } ],
              "steps": [ { "expect-register": { "offset": 0, "value": 1 } }, { "expect-memory": { "address": "0x100", "value": 7 } } ],
              "requests": [ { "name": "a", "address": "0x10" } ], "expect": { "a": { "output": "0x10" } } }
            """);
        Assert.True(s_runner.Run(ok).Passed);

        var badRegister = s_loader.Load("""{ "iommu": "test", "steps": [ { "expect-register": { "offset": 0, "value": 1 } } ] }""");
        var ex = Assert.Throws<ScenarioException>(() => s_runner.Run(badRegister));
        Assert.Equal("$.steps[0].expect-register", ex.Path);
        Assert.Contains("reads 0x0, expected 0x1", ex.Problem, StringComparison.Ordinal);

        var badMemory = s_loader.Load("""{ "iommu": "test", "memory": [ { "address": "0x100", "words": [ 5 ] } ], "steps": [ { "expect-memory": { "address": "0x100", "value": 6 } } ] }""");
        var mem = Assert.Throws<ScenarioException>(() => s_runner.Run(badMemory));
        Assert.Equal("$.steps[0].expect-memory", mem.Path);
        Assert.Contains("holds 0x5, expected 0x6", mem.Problem, StringComparison.Ordinal);

        var unaligned = Assert.Throws<ScenarioException>(() => s_loader.Load("""{ "iommu": "test", "steps": [ { "expect-memory": { "address": "0x101", "value": 0 } } ] }"""));
        Assert.Equal("$.steps[0].expect-memory.address", unaligned.Path);
    }
}
