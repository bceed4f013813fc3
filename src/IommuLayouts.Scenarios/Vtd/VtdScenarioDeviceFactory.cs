using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Scenarios;

using IommuLayouts.Emulator.Vtd;

namespace IommuLayouts.Scenarios.Vtd;

/// <summary>
/// Creates <see cref="VtdScenarioDevice"/>s for <c>"iommu": "vtd"</c>. The <c>"capabilities"</c> keys override
/// <see cref="VtdCapabilities"/> (defaults: everything on). Flags (true/false): <c>psi</c>, <c>sllps2m</c>,
/// <c>sllps1g</c>, <c>fs1gp</c>, <c>fs5lp</c>, <c>esrtps</c>, <c>cm</c>, <c>qi</c>, <c>dt</c>, <c>pt</c>, <c>sc</c>,
/// <c>ir</c>, <c>eim</c>, <c>pi</c>, <c>nest</c>, <c>prs</c>, <c>ers</c>, <c>srs</c>, <c>eafs</c>, <c>pasid</c>, <c>pds</c>, <c>smts</c>, <c>ssads</c>,
/// <c>ssts</c>, <c>fsts</c>, <c>rps</c>, <c>adms</c>. Numbers: <c>nd</c> (CAP.ND), <c>sagaw</c> (CAP.SAGAW mask),
/// <c>mgaw</c> (guest address width in bits, CAP.MGAW + 1), <c>haw</c> (host address width in bits),
/// <c>nfr</c> (number of fault-recording registers, CAP.NFR + 1), <c>fro</c> (CAP.FRO), <c>mamv</c>, <c>iro</c>
/// (ECAP.IRO), <c>pss</c> (PASID width in bits, ECAP.PSS + 1), <c>mhmv</c> (ECAP.MHMV).
/// </summary>
public sealed class VtdScenarioDeviceFactory : IScenarioDeviceFactory
{
    private static readonly Dictionary<string, Func<VtdCapabilities, bool, VtdCapabilities>> Flags = new(StringComparer.Ordinal)
    {
        ["psi"] = (c, v) => c with { PageSelectiveInvalidation = v },
        ["sllps2m"] = (c, v) => c with { SecondStage2MPages = v },
        ["sllps1g"] = (c, v) => c with { SecondStage1GPages = v },
        ["fs1gp"] = (c, v) => c with { FirstStage1GPages = v },
        ["fs5lp"] = (c, v) => c with { FirstStage5Level = v },
        ["esrtps"] = (c, v) => c with { EnhancedSetRootTablePointer = v },
        ["cm"] = (c, v) => c with { CachingMode = v },
        ["qi"] = (c, v) => c with { QueuedInvalidation = v },
        ["dt"] = (c, v) => c with { DeviceTlb = v },
        ["ir"] = (c, v) => c with { InterruptRemapping = v },
        ["eim"] = (c, v) => c with { ExtendedInterruptMode = v },
        ["pi"] = (c, v) => c with { PostedInterrupts = v },
        ["pt"] = (c, v) => c with { PassThrough = v },
        ["sc"] = (c, v) => c with { SnoopControl = v },
        ["nest"] = (c, v) => c with { Nested = v },
        ["prs"] = (c, v) => c with { PageRequests = v },
        ["ers"] = (c, v) => c with { ExecuteRequests = v },
        ["srs"] = (c, v) => c with { SupervisorRequests = v },
        ["eafs"] = (c, v) => c with { ExtendedAccessedFlag = v },
        ["pasid"] = (c, v) => c with { Pasid = v },
        ["pds"] = (c, v) => c with { PageRequestDrain = v },
        ["smts"] = (c, v) => c with { ScalableMode = v },
        ["ssads"] = (c, v) => c with { SecondStageAccessedDirty = v },
        ["ssts"] = (c, v) => c with { SecondStageTranslation = v },
        ["fsts"] = (c, v) => c with { FirstStageTranslation = v },
        ["rps"] = (c, v) => c with { RidPasid = v },
        ["adms"] = (c, v) => c with { AbortDmaMode = v },
    };

    private static readonly Dictionary<string, Func<VtdCapabilities, int, VtdCapabilities>> Numbers = new(StringComparer.Ordinal)
    {
        ["nd"] = (c, v) => c with { NumberOfDomainsEncoding = v },
        ["sagaw"] = (c, v) => c with { SupportedAdjustedGuestAddressWidths = v },
        ["mgaw"] = (c, v) => c with { MaximumGuestAddressWidth = v },
        ["haw"] = (c, v) => c with { HostAddressWidth = v },
        ["nfr"] = (c, v) => c with { FaultRecordingRegisters = v },
        ["fro"] = (c, v) => c with { FaultRecordingOffset16 = v },
        ["mamv"] = (c, v) => c with { MaximumAddressMaskValue = v },
        ["iro"] = (c, v) => c with { IotlbRegisterOffset16 = v },
        ["pss"] = (c, v) => c with { PasidBits = v },
        ["mhmv"] = (c, v) => c with { MaximumHandleMaskValue = v },
    };

    /// <inheritdoc/>
    public string Kind => "vtd";

    /// <inheritdoc/>
    public IScenarioDevice Create(JsonElement? capabilities)
    {
        var caps = new VtdCapabilities();
        if (capabilities is { } element)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioException("$.capabilities", "expected an object of CAP/ECAP field names");
            }

            foreach (var property in element.EnumerateObject())
            {
                var path = "$.capabilities." + property.Name;
                if (Flags.TryGetValue(property.Name, out var setFlag))
                {
                    if (property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        throw new ScenarioException(path, "expected true or false");
                    }

                    caps = setFlag(caps, property.Value.GetBoolean());
                }
                else if (Numbers.TryGetValue(property.Name, out var setNumber))
                {
                    caps = setNumber(caps, ReadNumber(property.Value, path));
                }
                else
                {
                    var known = new List<string>(Flags.Keys);
                    known.AddRange(Numbers.Keys);
                    known.Sort(StringComparer.Ordinal);
                    throw new ScenarioException(path, $"unknown VT-d capability; known: {string.Join(", ", known)}");
                }
            }
        }

        try
        {
            caps.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ScenarioException("$.capabilities", e.Message);
        }

        return new VtdScenarioDevice(new VtdRemappingUnit(new SparseGuestMemory(), caps));
    }

    private static int ReadNumber(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n))
        {
            return n;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.Replace("_", string.Empty, StringComparison.Ordinal);
            var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out n)
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n);
            if (ok)
            {
                return n;
            }
        }

        throw new ScenarioException(path, "expected an integer (a JSON number or a decimal/0x string)");
    }
}
