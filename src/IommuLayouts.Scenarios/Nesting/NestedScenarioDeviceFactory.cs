using System;
using System.IO;
using System.Text.Json;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Scenarios;
using IommuLayouts.Emulator.Smmuv3;

using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Emulator.Nesting.Vtd;
using IommuLayouts.Emulator.Nesting.Smmuv3;

namespace IommuLayouts.Scenarios.Nesting;

/// <summary>
/// Creates <see cref="NestedScenarioDevice"/>s: <c>"iommu": "smmuv3-nested"</c> (capabilities <c>ssidSize</c>,
/// <c>asid16</c>, <c>ats</c>, <c>oas</c>) or <c>"vtd-nested"</c> (capabilities <c>fs5lp</c>, <c>srs</c>, <c>eafs</c>,
/// <c>pasidBits</c>).
/// </summary>
public sealed class NestedScenarioDeviceFactory : IScenarioDeviceFactory
{
    private readonly NestingVendor _vendor;
    private readonly TextWriter? _narrator;

    /// <summary>A factory for <paramref name="vendor"/>; devices narrate to <paramref name="narrator"/> when given.</summary>
    public NestedScenarioDeviceFactory(NestingVendor vendor, TextWriter? narrator = null)
    {
        _vendor = vendor;
        _narrator = narrator;
    }

    /// <inheritdoc/>
    public string Kind => _vendor == NestingVendor.Smmuv3 ? "smmuv3-nested" : "vtd-nested";

    /// <inheritdoc/>
    public IScenarioDevice Create(JsonElement? capabilities)
    {
        if (_vendor == NestingVendor.Smmuv3)
        {
            var caps = Smmuv3Capabilities.Default;
            if (capabilities is { } c)
            {
                Check(c, "ssidSize", "asid16", "ats", "oas");
                if (c.TryGetProperty("ssidSize", out var s))
                {
                    caps = caps with { SubstreamIdBits = (int)Math.Min(ScenarioLoader.Number(s, "$.capabilities.ssidSize"), 20) };
                }

                if (c.TryGetProperty("asid16", out var a))
                {
                    caps = caps with { Asid16 = Bool(a, "$.capabilities.asid16") };
                }

                if (c.TryGetProperty("ats", out var t))
                {
                    caps = caps with { Ats = Bool(t, "$.capabilities.ats") };
                }

                if (c.TryGetProperty("oas", out var o))
                {
                    var oas = (int)Math.Min(ScenarioLoader.Number(o, "$.capabilities.oas"), 64);
                    caps = oas is 32 or 36 or 40 or 42 or 44 or 48 or 52
                        ? caps with { OutputAddressBits = oas }
                        : throw new ScenarioException("$.capabilities.oas", "expected one of 32, 36, 40, 42, 44, 48, 52");
                }
            }

            return new NestedScenarioDevice(new Smmuv3NestingIommu(caps), _narrator);
        }

        var v = new VtdCapabilities();
        if (capabilities is { } d)
        {
            Check(d, "fs5lp", "srs", "eafs", "pasidBits");
            if (d.TryGetProperty("fs5lp", out var f))
            {
                v = v with { FirstStage5Level = Bool(f, "$.capabilities.fs5lp") };
            }

            if (d.TryGetProperty("srs", out var s))
            {
                v = v with { SupervisorRequests = Bool(s, "$.capabilities.srs") };
            }

            if (d.TryGetProperty("eafs", out var e))
            {
                v = v with { ExtendedAccessedFlag = Bool(e, "$.capabilities.eafs") };
            }

            if (d.TryGetProperty("pasidBits", out var p))
            {
                v = v with { PasidBits = (int)Math.Clamp(ScenarioLoader.Number(p, "$.capabilities.pasidBits"), 1, 20) };
            }
        }

        return new NestedScenarioDevice(new VtdNestingIommu(v), _narrator);
    }

    private static void Check(JsonElement c, params string[] keys)
    {
        if (c.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioException("$.capabilities", "expected an object");
        }

        ScenarioLoader.CheckKeys(c, "$.capabilities", keys);
    }

    private static bool Bool(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ScenarioException(path, "expected true or false"),
    };
}
