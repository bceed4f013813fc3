using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Emulator.Nesting.Vtd;
using IommuLayouts.Scenarios.Nesting;

namespace IommuLayouts.Scenarios.Vtd;

/// <summary>The VT-d part of a nested scenario: source ids, a first-stage table with its PASID-entry flags, guest ranges.</summary>
internal sealed class VtdNestedScenario : NestedScenarioVendor
{
    public override string Kind => "vtd-nested";

    public override string EndpointKey => "source";

    public override string DomainIdName => "DID";

    public override IReadOnlyList<string> InvalidateKeys { get; } = ["source", "pasid", "ranges"];

    public override (uint Id, uint? Pasid) RequestIds(ScenarioRequest request) =>
        (request.SourceId ?? throw new ScenarioException("$.requests", $"request '{request.Name}' needs \"source\" on VT-d"), request.Pasid);

    public override ulong DeviceId(JsonElement value, string path) => ScenarioLoader.SourceId(value, path);

    public override string IdText(uint id) => NestingNarration.Bdf(id);

    public override string GuestTables(GuestStage1Tables guest, ulong asid) => "4-level first-stage table";

    public override GuestStage1Config BindConfig(JsonElement body, string path, GuestStage1Tables? guest, GuestStage1Mode mode)
    {
        var flags = 0u;
        if (body.TryGetProperty("flags", out var f))
        {
            if (f.ValueKind != JsonValueKind.Array)
            {
                throw new ScenarioException(path + ".flags", "expected an array of \"sre\", \"wpe\", \"eafe\"");
            }

            foreach (var flag in f.EnumerateArray())
            {
                flags |= (flag.ValueKind == JsonValueKind.String ? flag.GetString()! : string.Empty).ToUpperInvariant() switch
                {
                    "SRE" => VtdGuestStage1.Sre,
                    "WPE" => VtdGuestStage1.Wpe,
                    "EAFE" => VtdGuestStage1.Eafe,
                    _ => throw new ScenarioException(path + ".flags", $"unknown flag {flag.GetRawText()} (sre, wpe, eafe)"),
                };
            }
        }

        var width = body.TryGetProperty("addressWidth", out var aw) ? (int)Math.Min(ScenarioLoader.Number(aw, path + ".addressWidth"), 64) : 48;
        var b = body.TryGetProperty("base", out var bp)
            ? ScenarioLoader.Number(bp, path + ".base")
            : (guest ?? throw new ScenarioException(path, "give \"guest\" or \"base\"")).BasePointer;
        return WithAsidBits(GuestStage1Config.ForVtd(b, mode, flags, width), body, path);
    }

    public override (GuestInvalidation Request, string Text) Invalidation(NestedScenarioDevice device, JsonElement body, string path, LayoutCatalog catalog)
    {
        var endpoint = device.Endpoint(body, path, 0);
        var ranges = new List<VtdGuestInvalidation>();
        var i = 0;
        foreach (var r in NestedScenarioDevice.Items(body, "ranges", path))
        {
            var p = $"{path}.ranges[{i++}]";
            if (r.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioException(p, "expected an object { \"address\", \"pages\", \"leaf\" }");
            }

            ScenarioLoader.CheckKeys(r, p, "address", "pages", "leaf", "flags");
            var pages = r.TryGetProperty("pages", out var pg)
                ? pg.ValueKind == JsonValueKind.String && pg.GetString() == "all" ? ulong.MaxValue : ScenarioLoader.Number(pg, p + ".pages")
                : throw new ScenarioException(p + ".pages", "is missing");
            var flags = r.TryGetProperty("flags", out var fl) ? (uint)Math.Min(ScenarioLoader.Number(fl, p + ".flags"), uint.MaxValue) : 0;
            if (r.TryGetProperty("leaf", out var leaf) && leaf.ValueKind == JsonValueKind.True)
            {
                flags |= VtdGuestInvalidation.Leaf;
            }

            ranges.Add(new VtdGuestInvalidation(r.TryGetProperty("address", out var a) ? ScenarioLoader.Number(a, p + ".address") : 0, pages, flags));
        }

        var text = string.Join(", ", ranges.Select(r =>
            $"{{ addr 0x{r.Address:x}, npages {(r.Pages == ulong.MaxValue ? "U64_MAX" : r.Pages.ToString(CultureInfo.InvariantCulture))}, flags {(r.Flags == VtdGuestInvalidation.Leaf ? "LEAF" : r.Flags.ToString(CultureInfo.InvariantCulture))} }}"));
        return (new VtdStage1Invalidation(endpoint, ranges), text);
    }

    public override int IssuedFor(int done) => done;
}
