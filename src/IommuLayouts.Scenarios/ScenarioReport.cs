using System.Collections.Generic;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Scenarios;

/// <summary>What a scenario run did: each request's result and expectation, and every record the device wrote.</summary>
public sealed class ScenarioReport
{
    public ScenarioReport(string iommu, IReadOnlyList<RequestReport> results, IReadOnlyList<ScenarioRecord> records)
    {
        Iommu = iommu;
        Results = results;
        Records = records;
        foreach (var r in results)
        {
            if (r.Passed == false)
            {
                Failures++;
            }
        }
    }

    public string Iommu { get; }

    public IReadOnlyList<RequestReport> Results { get; }

    /// <summary>Every record the device made visible (SMMUv3 event queue records, VT-d fault records), in order.</summary>
    public IReadOnlyList<ScenarioRecord> Records { get; }

    /// <summary>Number of requests whose expectation was not met.</summary>
    public int Failures { get; }

    public bool Passed => Failures == 0;
}

/// <summary>One request: what happened, what was expected (if anything), and the walk's trace when asked for.</summary>
public sealed record RequestReport(
    ScenarioRequest Request,
    ScenarioResult Result,
    ScenarioExpectation? Expectation,
    bool? Passed,
    string? Mismatch,
    IReadOnlyList<WalkTraceStep> Trace);
