using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using IommuLayouts.Scenarios;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Scenarios.Tests;

public sealed class ScenarioFrameworkTests
{
    private static readonly ScenarioLoader s_loader = new(ScenarioLoader.DefaultCatalog);
    private static readonly ScenarioRunner s_runner = new(TestDeviceFactory.WithDefaults(), ScenarioLoader.DefaultCatalog);

    private static string FrameworkFile => Path.Combine(AppContext.BaseDirectory, "Files", "framework-selftest.json");

    [Fact]
    public void Actions_run_in_file_order_and_expectations_are_checked()
    {
        var scenario = s_loader.LoadFile(FrameworkFile);
        var report = s_runner.Run(scenario);

        Assert.True(report.Passed);
        Assert.Equal(new[] { "early", "disabled" }, report.Results.Select(r => r.Request.Name));
        Assert.Equal(0x1000_0123UL, report.Results[0].Result.Output);
        Assert.Equal("ABORT", report.Results[1].Result.Fault);
        Assert.Equal(
            new[] { typeof(MemoryWriteAction), typeof(DescriptorWriteAction), typeof(RegisterWriteAction), typeof(RegisterWriteAction), typeof(RequestAction), typeof(DeviceStepAction), typeof(RegisterWriteAction), typeof(RequestAction) },
            scenario.Actions.Select(a => a.GetType()));
    }

    [Fact]
    public void Descriptor_fields_are_encoded_through_the_layout_catalog()
    {
        var scenario = s_loader.LoadFile(FrameworkFile);
        var descriptor = scenario.Actions.OfType<DescriptorWriteAction>().Single();

        // STE word 0: V = bit 0, Config = 5 (S1_TRANS) at bits 3:1, S1ContextPtr = address bits 51:6 in place
        // (Linux arm-smmu-v3.h STRTAB_STE_0_V, STRTAB_STE_0_CFG, STRTAB_STE_0_S1CTXPTR_MASK).
        Assert.Equal(1UL | (5UL << 1) | 0x4000_2000UL, descriptor.Words[0]);
        Assert.All(descriptor.Words.Skip(1), w => Assert.Equal(0UL, w));
    }

    [Fact]
    public void A_failed_expectation_is_reported_with_what_differs()
    {
        var scenario = s_loader.Load("""
            { "iommu": "test", "registers": [ { "offset": 0, "value": 1 } ],
              "requests": [ { "name": "a", "address": "0x10" }, { "name": "b", "address": "0x10000000", "access": "write" } ],
              "expect": { "a": { "output": "0x11" }, "b": { "fault": "F_TRANSLATION" } } }
            """);
        var report = s_runner.Run(scenario);

        Assert.False(report.Passed);
        Assert.Equal(2, report.Failures);
        Assert.Equal("expected output 0x11, got 0x10", report.Results[0].Mismatch);
        Assert.Equal("expected fault F_TRANSLATION, got fault F_PERMISSION", report.Results[1].Mismatch);
        Assert.Single(report.Records);
    }

    [Fact]
    public void Json_report_has_results_records_and_decoded_events()
    {
        var scenario = s_loader.Load("""
            { "iommu": "test", "registers": [ { "offset": 0, "value": 1 } ],
              "requests": [ { "name": "ok", "stream": 7, "address": "0x10" }, { "name": "bad", "stream": 7, "address": "0x10000000", "access": "write" } ],
              "expect": { "bad": { "fault": "F_PERMISSION" } } }
            """);
        var report = s_runner.Run(scenario, trace: true);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ScenarioReportWriter.WriteJson(writer, report);
        }

        using var json = JsonDocument.Parse(buffer.WrittenMemory);
        var root = json.RootElement;
        Assert.True(root.GetProperty("passed").GetBoolean());
        var ok = root.GetProperty("results")[0];
        Assert.Equal("ok", ok.GetProperty("name").GetString());
        Assert.True(ok.GetProperty("ok").GetBoolean());
        Assert.Equal("0x10", ok.GetProperty("output").GetString());
        Assert.Equal("0x1000", ok.GetProperty("pageSize").GetString());
        Assert.Equal("p:rwx u:rwx", ok.GetProperty("permissions").GetString());
        Assert.False(ok.TryGetProperty("pass", out _)); // no expectation given
        var bad = root.GetProperty("results")[1];
        Assert.Equal("F_PERMISSION", bad.GetProperty("fault").GetString());
        Assert.True(bad.GetProperty("pass").GetBoolean());
        var evt = bad.GetProperty("event");
        Assert.Equal("smmuv3.event", evt.GetProperty("name").GetString());
        Assert.Equal("F_PERMISSION", evt.GetProperty("fields").GetProperty("EventID").GetString());
        Assert.Equal(7, evt.GetProperty("fields").GetProperty("StreamID").GetInt32());
        Assert.Equal(1, root.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public void Text_report_says_each_result_and_the_verdict()
    {
        var scenario = s_loader.LoadFile(FrameworkFile);
        var text = new StringWriter();
        ScenarioReportWriter.WriteText(text, s_runner.Run(scenario));

        Assert.Contains("early: read 0x123 from stream 1 -> 0x10000123 (8K page, p:rwx u:rwx)  [as expected]", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("disabled: read 0x123 from stream 1 -> fault ABORT  [as expected]", text.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("all expectations met" + Environment.NewLine, text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_accept_sources_pasids_and_access_kinds()
    {
        var scenario = s_loader.Load("""
            { "iommu": "vtd", "requests": [
                { "name": "a", "source": "0a:1f.7", "pasid": 5, "address": 1, "access": "write", "privileged": true },
                { "name": "b", "source": 259, "address": 2, "access": "instruction" } ] }
            """);
        var requests = scenario.Actions.OfType<RequestAction>().Select(a => a.Request).ToList();

        Assert.Equal((ushort)((0x0a << 8) | (0x1f << 3) | 7), requests[0].SourceId);
        Assert.Equal(5u, requests[0].Pasid);
        Assert.Equal(AccessKind.Write, requests[0].Access);
        Assert.True(requests[0].Privileged);
        Assert.False(requests[0].Execute);
        Assert.Equal((ushort)259, requests[1].SourceId);
        Assert.Equal(AccessKind.InstructionFetch, requests[1].Access);
        Assert.True(requests[1].Execute);
    }

    [Theory]
    [InlineData("""{ "iommu": "test", "memroy": [] }""", "$.memroy", "unknown key")]
    [InlineData("""{ "memory": [] }""", "$.iommu", "is missing")]
    [InlineData("""{ "iommu": "test", "memory": [ { "address": "0xZZ", "words": [] } ] }""", "$.memory[0].address", "non-negative integer")]
    [InlineData("""{ "iommu": "test", "memory": [ { "address": 0, "words": "0x1" } ] }""", "$.memory[0].words", "array of 64-bit words")]
    [InlineData("""{ "iommu": "test", "descriptors": [ { "address": 0, "format": "smmuv3.stx" } ] }""", "$.descriptors[0].format", "unknown format 'smmuv3.stx'")]
    [InlineData("""{ "iommu": "test", "descriptors": [ { "address": 0, "format": "smmuv3.ste", "fields": { "Vee": true } } ] }""", "$.descriptors[0].fields.Vee", "smmuv3.ste has no field 'Vee'")]
    [InlineData("""{ "iommu": "test", "descriptors": [ { "address": 0, "format": "smmuv3.ste", "fields": { "S1CDMax": 32 } } ] }""", "$.descriptors[0].fields.S1CDMax", "is 5 bit(s) wide")]
    [InlineData("""{ "iommu": "test", "descriptors": [ { "address": 0, "format": "smmuv3.ste", "fields": { "Config": "Sideways" } } ] }""", "$.descriptors[0].fields.Config", "'Sideways' is not a SteConfig encoding")]
    [InlineData("""{ "iommu": "test", "descriptors": [ { "address": 0, "format": "smmuv3.ste", "fields": { "S1ContextPtr": "0x1001" } } ] }""", "$.descriptors[0].fields.S1ContextPtr", "has bits below 6 set")]
    [InlineData("""{ "iommu": "test", "registers": [ { "offset": 0, "value": 1, "width": 48 } ] }""", "$.registers[0].width", "expected 32 or 64")]
    [InlineData("""{ "iommu": "test", "registers": [ { "offset": 0, "value": "0x100000000" } ] }""", "$.registers[0].value", "does not fit a 32-bit write")]
    [InlineData("""{ "iommu": "test", "registers": [ { "offset": 4, "value": 1, "width": 64 } ] }""", "$.registers[0].offset", "not aligned to a 64-bit register")]
    [InlineData("""{ "iommu": "test", "requests": [ { "name": "a", "address": 0, "access": "sideways" } ] }""", "$.requests[0].access", "expected \"read\", \"write\" or \"instruction\"")]
    [InlineData("""{ "iommu": "test", "requests": [ { "name": "a", "address": 0, "source": "00:40.0" } ] }""", "$.requests[0].source", "bus:device.function")]
    [InlineData("""{ "iommu": "test", "requests": [ { "name": "a", "address": 0, "pasid": 1048576 } ] }""", "$.requests[0].pasid", "a PASID is 20 bits")]
    [InlineData("""{ "iommu": "test", "requests": [ { "name": "a", "address": 0 }, { "name": "a", "address": 1 } ] }""", "$.requests[1].name", "used twice")]
    [InlineData("""{ "iommu": "test", "requests": [ { "name": "a", "address": 0 } ], "expect": { "b": { "output": 0 } } }""", "$.expect.b", "no request is named 'b'")]
    [InlineData("""{ "iommu": "test", "requests": [ { "name": "a", "address": 0 } ], "expect": { "a": { "output": 0, "fault": "X" } } }""", "$.expect.a", "either \"output\" or \"fault\"")]
    [InlineData("""{ "iommu": "test", "steps": [ { "register": { "offset": 0, "value": 1 }, "request": {} } ] }""", "$.steps[0]", "a step has one key")]
    [InlineData("""{ "iommu": "test", "requests": [ """, "$", "not valid JSON")]
    public void Bad_scenario_input_names_the_json_path_and_the_problem(string json, string path, string problem)
    {
        var ex = Assert.Throws<ScenarioException>(() => s_loader.Load(json));
        Assert.Equal(path, ex.Path);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "iommu": "sparc-iommu" }""", "$.iommu", "unknown IOMMU 'sparc-iommu'")]
    [InlineData("""{ "iommu": "test", "capabilities": { "oas": 48 } }""", "$.capabilities.oas", "unknown capability")]
    [InlineData("""{ "iommu": "test", "registers": [ { "offset": "0x10", "value": 1 } ] }""", "$.registers[0].offset", "no 32-bit register at offset 0x10")]
    [InlineData("""{ "iommu": "test", "steps": [ { "bind": {} } ] }""", "$.steps[0].bind", "unknown step 'bind'")]
    public void Problems_found_while_running_name_the_json_path(string json, string path, string problem)
    {
        var scenario = s_loader.Load(json);
        var ex = Assert.Throws<ScenarioException>(() => s_runner.Run(scenario));
        Assert.Equal(path, ex.Path);
        Assert.Contains(problem, ex.Problem, StringComparison.Ordinal);
    }

    public static TheoryData<string> ScenarioFiles()
    {
        var data = new TheoryData<string> { Path.GetRelativePath(RepositoryRoot(), FrameworkFile) };
        var shipped = Path.Combine(RepositoryRoot(), "tests", "scenarios");
        if (Directory.Exists(shipped))
        {
            foreach (var file in Directory.GetFiles(shipped, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(RepositoryRoot(), file));
            }
        }

        return data;
    }

    /// <summary>Every shipped scenario file (tests/scenarios/**) runs and meets all its expectations.</summary>
    [Theory]
    [MemberData(nameof(ScenarioFiles))]
    public void Scenario_file_meets_its_expectations(string file)
    {
        var path = Path.Combine(RepositoryRoot(), file);
        var report = s_runner.Run(s_loader.LoadFile(path));
        var failures = string.Join("; ", report.Results.Where(r => r.Passed == false).Select(r => $"{r.Request.Name}: {r.Mismatch}"));
        Assert.True(report.Passed, $"{file}: {failures}");
        Assert.Contains(report.Results, r => r.Passed == true); // a scenario file checks something
    }

    /// <summary>The repository root, found upwards from the test's output folder (CI builds with deterministic paths).</summary>
    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IommuLayouts.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("IommuLayouts.sln not found above " + AppContext.BaseDirectory);
    }
}
