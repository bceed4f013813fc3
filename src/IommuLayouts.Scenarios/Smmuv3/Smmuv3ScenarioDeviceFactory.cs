using System.Text.Json;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Scenarios;

using IommuLayouts.Emulator.Smmuv3;

namespace IommuLayouts.Scenarios.Smmuv3;

/// <summary>
/// Creates <see cref="Smmuv3ScenarioDevice"/>s for <c>"iommu": "smmuv3"</c>. <c>capabilities</c> keys (all optional,
/// defaults in <see cref="Smmuv3Capabilities.Default"/>) are the IDR field names in lower case:
/// <c>s1p</c>, <c>s2p</c>, <c>st_level</c> (0 or 1), <c>cd2l</c>, <c>asid16</c>, <c>vmid16</c>, <c>msi</c>, <c>sev</c>,
/// <c>ats</c>, <c>had</c>, <c>xnx</c>, <c>fwb</c>, <c>ril</c>, <c>gran4k</c>, <c>gran16k</c>, <c>gran64k</c> (booleans);
/// <c>httu</c> (0 none, 1 access flag, 2 access flag and dirty state), <c>oas</c> (32, 36, 40, 42, 44, 48, 52), <c>sidsize</c> (0..32), <c>ssidsize</c> (0..20), <c>cmdqs</c> (1..19),
/// <c>eventqs</c> (0..19); and the caches: <c>tlb</c> and <c>configCache</c>, each <c>"none"</c>, <c>"unbounded"</c> or
/// a number of entries.
/// </summary>
public sealed class Smmuv3ScenarioDeviceFactory : IScenarioDeviceFactory
{
    /// <inheritdoc/>
    public string Kind => "smmuv3";

    /// <inheritdoc/>
    public IScenarioDevice Create(JsonElement? capabilities)
    {
        var caps = Smmuv3Capabilities.Default;
        if (capabilities is { } json)
        {
            if (json.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioException("$.capabilities", "expected an object");
            }

            foreach (var property in json.EnumerateObject())
            {
                caps = Apply(caps, property.Name, property.Value, "$.capabilities." + property.Name);
            }

            try
            {
                caps.Check();
            }
            catch (System.ArgumentException ex)
            {
                throw new ScenarioException("$.capabilities", ex.Message);
            }
        }

        return new Smmuv3ScenarioDevice(caps);
    }

    private static Smmuv3Capabilities Apply(Smmuv3Capabilities caps, string key, JsonElement value, string path) => key switch
    {
        "s1p" => caps with { Stage1 = Bool(value, path) },
        "s2p" => caps with { Stage2 = Bool(value, path) },
        "st_level" => caps with { TwoLevelStreamTable = Range(value, path, 0, 1) == 1 },
        "cd2l" => caps with { TwoLevelCdTable = Bool(value, path) },
        "asid16" => caps with { Asid16 = Bool(value, path) },
        "vmid16" => caps with { Vmid16 = Bool(value, path) },
        "msi" => caps with { Msi = Bool(value, path) },
        "sev" => caps with { Sev = Bool(value, path) },
        "ats" => caps with { Ats = Bool(value, path) },
        "had" => caps with { HierarchicalAttributeDisable = Bool(value, path) },
        "xnx" => caps with { ExtendedExecuteNever = Bool(value, path) },
        "fwb" => caps with { ForcedWriteBack = Bool(value, path) },
        "ril" => caps with { RangeInvalidation = Bool(value, path) },
        "gran4k" => caps with { Granule4K = Bool(value, path) },
        "gran16k" => caps with { Granule16K = Bool(value, path) },
        "gran64k" => caps with { Granule64K = Bool(value, path) },
        "httu" => caps with { HardwareTableUpdate = Range(value, path, 0, 2) },
        "oas" => caps with { OutputAddressBits = Oas(value, path) },
        "sidsize" => caps with { StreamIdBits = Range(value, path, 0, 32) },
        "ssidsize" => caps with { SubstreamIdBits = Range(value, path, 0, 20) },
        "cmdqs" => caps with { CommandQueueLog2Size = Range(value, path, 1, 19) },
        "eventqs" => caps with { EventQueueLog2Size = Range(value, path, 0, 19) },
        "tlb" => caps with { TlbPolicy = Policy(value, path) },
        "configCache" => caps with { ConfigCachePolicy = Policy(value, path) },
        _ => throw new ScenarioException(path, "unknown capability (expected one of s1p, s2p, st_level, cd2l, asid16, vmid16, msi, sev, ats, had, xnx, fwb, ril, gran4k, gran16k, gran64k, httu, oas, sidsize, ssidsize, cmdqs, eventqs, tlb, configCache)"),
    };

    private static bool Bool(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ScenarioException(path, "expected true or false"),
    };

    private static int Range(JsonElement value, string path, int min, int max)
    {
        var n = ScenarioLoader.Number(value, path);
        if (n < (ulong)min || n > (ulong)max)
        {
            throw new ScenarioException(path, $"expected {min}..{max}");
        }

        return (int)n;
    }

    private static int Oas(JsonElement value, string path)
    {
        var n = ScenarioLoader.Number(value, path);
        return n is 32 or 36 or 40 or 42 or 44 or 48 or 52
            ? (int)n
            : throw new ScenarioException(path, "expected one of 32, 36, 40, 42, 44, 48, 52");
    }

    private static CachePolicy Policy(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            switch (value.GetString())
            {
                case "none":
                    return CachePolicy.None;
                case "unbounded":
                    return CachePolicy.Unbounded;
            }
        }

        var n = ScenarioLoader.Number(value, path);
        return n is >= 1 and <= 1 << 26 ? CachePolicy.Bounded((int)n) : throw new ScenarioException(path, "expected \"none\", \"unbounded\" or 1..67108864 entries");
    }
}
