using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Scenarios;
using IommuLayouts.Emulator.Walkers;

using IommuLayouts.Emulator.Nesting;

namespace IommuLayouts.Scenarios.Nesting;

/// <summary>
/// A scenario device (<c>"iommu": "smmuv3-nested"</c> or <c>"vtd-nested"</c>) whose scenario drives a nesting host
/// through the nesting API with steps of its own: <c>domain</c>, <c>map</c>, <c>unmap</c>, <c>guest</c>,
/// <c>guest-map</c>, <c>guest-unmap</c>, <c>bind</c>, <c>unbind</c>, <c>invalidate</c> (docs/scenario-format.md).
/// Requests name the physical StreamID / source id; records are what the guest receives (guest IDs).
/// </summary>
public sealed class NestedScenarioDevice : IScenarioDevice, IScenarioStepHandler
{
    private readonly Dictionary<string, HostStage2Domain> _domains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GuestStage1Tables> _guests = new(StringComparer.Ordinal);

    /// <summary>A scenario device over <paramref name="host"/>; <paramref name="narrator"/> (optional) gets a readable account of every step.</summary>
    public NestedScenarioDevice(NestingIommu host, TextWriter? narrator = null)
    {
        Host = host ?? throw new ArgumentNullException(nameof(host));
        Narrator = narrator;
    }

    /// <summary>The nesting host.</summary>
    public NestingIommu Host { get; }

    /// <summary>Where the narration goes (null: none).</summary>
    public TextWriter? Narrator { get; }

    private bool Smmu => Host.Vendor == NestingVendor.Smmuv3;

    /// <inheritdoc/>
    public string Kind => Smmu ? "smmuv3-nested" : "vtd-nested";

    /// <inheritdoc/>
    public IGuestMemory Memory => Host.Memory;

    /// <inheritdoc/>
    public bool WriteRegister(ulong offset, ulong value, int width) => Host switch
    {
        Smmuv3NestingIommu s => s.Device.WriteRegister(offset, value, width),
        VtdNestingIommu v => v.Device.WriteRegister(offset, value, width),
        _ => false,
    };

    /// <inheritdoc/>
    public ulong ReadRegister(ulong offset, int width) => Host switch
    {
        Smmuv3NestingIommu s => s.Device.ReadRegister(offset, width),
        VtdNestingIommu v => v.Device.ReadRegister(offset, width),
        _ => 0,
    };

    /// <inheritdoc/>
    public ScenarioResult Translate(ScenarioRequest request, IWalkTraceSink? trace)
    {
        ArgumentNullException.ThrowIfNull(request);
        uint id;
        uint? pasid;
        if (Smmu)
        {
            id = request.StreamId ?? throw new ScenarioException("$.requests", $"request '{request.Name}' needs \"stream\" on an SMMUv3");
            pasid = request.SubstreamId;
        }
        else
        {
            id = request.SourceId ?? throw new ScenarioException("$.requests", $"request '{request.Name}' needs \"source\" on VT-d");
            pasid = request.Pasid;
        }

        var recorder = Narrator is null ? null : new WalkTraceRecorder();
        IWalkTraceSink? sink = (trace, recorder) switch
        {
            (null, null) => null,
            (not null, null) => trace,
            (null, not null) => recorder,
            _ => new TeeTraceSink(trace!, recorder!),
        };
        var r = Host.Translate(id, request.Address, request.Access, request.Privileged, pasid, sink);
        if (Narrator is not null)
        {
            NestingNarration.Request(Narrator, request.Name, request.Access, request.Address, r, recorder!.Steps);
        }

        return r.Ok
            ? ScenarioResult.Translated(r.Output, r.PageSize, r.Permissions)
            : ScenarioResult.Faulted(r.FaultName ?? r.FaultClass.ToString(), r.RecordLayout is null ? null : new ScenarioRecord(r.RecordLayout, r.RecordWords!));
    }

    /// <summary>The events and faults reported to the guest since the last call (guest IDs in them).</summary>
    public IReadOnlyList<ScenarioRecord> DrainRecords()
    {
        var list = new List<ScenarioRecord>();
        foreach (var e in Host.DrainGuestEvents())
        {
            list.Add(new ScenarioRecord(e.Layout, e.Words));
            Narrator?.WriteLine($"      reported to the guest ({e.Class}): {NestingNarration.Fields(e.Layout, e.Words)}");
        }

        return list;
    }

    /// <inheritdoc/>
    public bool TryRunStep(string kind, JsonElement body, string path, LayoutCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kind != "note" && body.ValueKind != JsonValueKind.Object && IsNestingStep(kind))
        {
            throw new ScenarioException(path, $"expected an object (the '{kind}' step, docs/scenario-format.md)");
        }

        switch (kind)
        {
            case "note":
                if (body.ValueKind != JsonValueKind.String)
                {
                    throw new ScenarioException(path, "expected a string");
                }

                Narrator?.WriteLine();
                Narrator?.WriteLine(body.GetString());
                return true;
            case "domain":
                Domain(body, path);
                return true;
            case "map":
                Map(body, path);
                return true;
            case "unmap":
                ScenarioLoader.CheckKeys(body, path, "domain", "gpa", "size");
                var d = FindDomain(body, path);
                var gpa = Num(body, "gpa", path);
                var size = Num(body, "size", path);
                Guard(path, () => d.Unmap(gpa, size));
                Narrator?.WriteLine($"host: unmap GPA 0x{gpa:x}+0x{size:x}, then invalidate ({Last(Host.IssuedInvalidations, 2)})");
                return true;
            case "guest":
                Guest(body, path);
                return true;
            case "guest-map":
                GuestMap(body, path);
                return true;
            case "guest-unmap":
                ScenarioLoader.CheckKeys(body, path, "guest", "gva");
                var g = FindGuest(body, path);
                var gva = Num(body, "gva", path);
                Guard(path, () => g.Unmap(gva));
                Narrator?.WriteLine($"guest: unmap GVA 0x{gva:x} (no invalidation yet)");
                return true;
            case "bind":
                Bind(body, path);
                return true;
            case "unbind":
                ScenarioLoader.CheckKeys(body, path, "stream", "source", "pasid");
                var ep = Endpoint(body, path, 0);
                var removed = Host.Unbind(ep);
                Narrator?.WriteLine(removed ? $"unbind {IdText(ep.HostId)}: entry made abort, then {Last(Host.IssuedInvalidations, 3)}" : $"unbind {IdText(ep.HostId)}: nothing was bound");
                return true;
            case "invalidate":
                Invalidate(body, path, catalog);
                return true;
            default:
                return false;
        }
    }

    private static bool IsNestingStep(string kind) =>
        kind is "domain" or "map" or "unmap" or "guest" or "guest-map" or "guest-unmap" or "bind" or "unbind" or "invalidate";

    private void Domain(JsonElement body, string path)
    {
        ScenarioLoader.CheckKeys(body, path, "name", "id", "ipaBits");
        var name = Str(body, "name", path);
        var id = Num(body, "id", path);
        var ipa = body.TryGetProperty("ipaBits", out var v) ? ScenarioLoader.Number(v, path + ".ipaBits") : 48;
        if (id > ushort.MaxValue)
        {
            throw new ScenarioException(path + ".id", "a VMID / DID is 16 bits");
        }

        if (ipa > 64)
        {
            throw new ScenarioException(path + ".ipaBits", "at most 64");
        }

        HostStage2Domain? domain = null;
        Guard(path, () => domain = Host.CreateStage2Domain((ushort)id, (int)ipa));
        _domains[name] = domain!;
        Narrator?.WriteLine($"host: stage-2 domain '{name}', {(Smmu ? "VMID" : "DID")} {id}, {ipa}-bit GPA space, top table at HPA 0x{domain!.RootAddress:x}");
    }

    private void Map(JsonElement body, string path)
    {
        ScenarioLoader.CheckKeys(body, path, "domain", "gpa", "hpa", "size", "prot");
        var d = FindDomain(body, path);
        var gpa = Num(body, "gpa", path);
        var hpa = Num(body, "hpa", path);
        var size = Num(body, "size", path);
        var prot = Prot(body, path);
        Guard(path, () => d.Map(gpa, hpa, size, prot));
        Narrator?.WriteLine($"host: map GPA 0x{gpa:x}-0x{gpa + size - 1:x} -> HPA 0x{hpa:x} {ProtText(prot)}");
    }

    private void Guest(JsonElement body, string path)
    {
        ScenarioLoader.CheckKeys(body, path, "name", "domain", "pool", "poolSize", "asid");
        var name = Str(body, "name", path);
        var d = FindDomain(body, path);
        var pool = Num(body, "pool", path);
        var poolSize = body.TryGetProperty("poolSize", out var ps) ? ScenarioLoader.Number(ps, path + ".poolSize") : 0x10_0000;
        var asid = body.TryGetProperty("asid", out var a) ? ScenarioLoader.Number(a, path + ".asid") : 1;
        GuestStage1Tables? g = null;
        Guard(path, () => g = new GuestStage1Tables(d, pool, pool + poolSize, (ushort)asid));
        _guests[name] = g!;
        Narrator?.WriteLine($"guest '{name}': stage-1 table at GPA 0x{g!.BasePointer:x} ({(Smmu ? $"a CD table with one CD, ASID {asid}, TTB0 GPA 0x{g.RootTable:x}" : "4-level first-stage table")})");
    }

    private void GuestMap(JsonElement body, string path)
    {
        ScenarioLoader.CheckKeys(body, path, "guest", "gva", "gpa", "size", "prot");
        var g = FindGuest(body, path);
        var gva = Num(body, "gva", path);
        var gpa = Num(body, "gpa", path);
        var size = Num(body, "size", path);
        var prot = Prot(body, path);
        Guard(path, () => g.Map(gva, gpa, size, prot));
        Narrator?.WriteLine($"guest: map GVA 0x{gva:x}-0x{gva + size - 1:x} -> GPA 0x{gpa:x} {ProtText(prot)}");
    }

    private void Bind(JsonElement body, string path)
    {
        ScenarioLoader.CheckKeys(body, path, "domain", "guest", "stream", "source", "pasid", "guestId", "mode", "ste", "asidBits", "pasidBits", "flags", "addressWidth", "base", "version", "bytes", "expectReject");
        var d = FindDomain(body, path);
        var guestId = body.TryGetProperty("guestId", out var gi) ? (uint)GuestIdNumber(gi, path + ".guestId") : 0;
        var ep = Endpoint(body, path, guestId);
        var g = body.TryGetProperty("guest", out _) ? FindGuest(body, path) : null;
        var mode = body.TryGetProperty("mode", out var m) ? Mode(m, path + ".mode") : GuestStage1Mode.Translate;
        GuestStage1Config config;
        if (Smmu)
        {
            if (body.TryGetProperty("ste", out var ste))
            {
                if (ste.ValueKind != JsonValueKind.Array || ste.GetArrayLength() != 2)
                {
                    throw new ScenarioException(path + ".ste", "expected the two guest STE words [\"0x...\", \"0x...\"]");
                }

                config = GuestStage1Config.ForSmmuv3(ScenarioLoader.Number(ste[0], path + ".ste[0]"), ScenarioLoader.Number(ste[1], path + ".ste[1]"));
            }
            else
            {
                config = (g ?? throw new ScenarioException(path, "give \"guest\" or \"ste\"")).BindConfig(mode);
            }

            if (body.TryGetProperty("asidBits", out var ab))
            {
                config = config with { AsidBits = (int)Math.Min(ScenarioLoader.Number(ab, path + ".asidBits"), 64) };
            }
        }
        else
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
            var b = body.TryGetProperty("base", out var bp) ? ScenarioLoader.Number(bp, path + ".base") : (g ?? throw new ScenarioException(path, "give \"guest\" or \"base\"")).BasePointer;
            config = GuestStage1Config.ForVtd(b, mode, flags, width);
            if (body.TryGetProperty("asidBits", out var ab))
            {
                config = config with { AsidBits = (int)Math.Min(ScenarioLoader.Number(ab, path + ".asidBits"), 64) };
            }
        }

        if (body.TryGetProperty("pasidBits", out var pb))
        {
            config = config with { PasidBits = (int)Math.Min(ScenarioLoader.Number(pb, path + ".pasidBits"), 64) };
        }

        if (body.TryGetProperty("version", out var ver))
        {
            config = config with { Version = (uint)Math.Min(ScenarioLoader.Number(ver, path + ".version"), uint.MaxValue) };
        }

        if (body.TryGetProperty("bytes", out var by))
        {
            config = config with { Bytes = (uint)Math.Min(ScenarioLoader.Number(by, path + ".bytes"), uint.MaxValue) };
        }

        var result = Host.Bind(ep, d, config);
        if (body.TryGetProperty("expectReject", out var expected))
        {
            if (expected.ValueKind != JsonValueKind.Array)
            {
                throw new ScenarioException(path + ".expectReject", "expected an array of field names, e.g. [\"ste[0]\"]");
            }

            var fields = new List<string>();
            foreach (var e in expected.EnumerateArray())
            {
                fields.Add(e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText());
            }

            var got = new List<string>();
            foreach (var r in result.Rejections)
            {
                got.Add(r.Field);
            }

            fields.Sort(StringComparer.Ordinal);
            got.Sort(StringComparer.Ordinal);
            if (string.Join(",", fields) != string.Join(",", got))
            {
                throw new ScenarioException(path + ".expectReject", $"expected rejection of [{string.Join(", ", fields)}], got {result}");
            }

            Narrator?.WriteLine($"bind {IdText(ep.HostId)}: refused, as expected:");
            foreach (var r in result.Rejections)
            {
                Narrator?.WriteLine($"  - {r}");
            }

            return;
        }

        if (!result.Succeeded)
        {
            throw new ScenarioException(path, "the host refused the bind: " + string.Join("; ", result.Rejections));
        }

        if (Narrator is not null)
        {
            NestingNarration.Bind(Narrator, Host, ep, config, result);
        }
    }

    private void Invalidate(JsonElement body, string path, LayoutCatalog catalog)
    {
        InvalidationBatchResult result;
        if (Smmu)
        {
            ScenarioLoader.CheckKeys(body, path, "domain", "commands", "expectDone");
            var d = FindDomain(body, path);
            var commands = new List<Smmuv3GuestCommand>();
            var i = 0;
            foreach (var c in Items(body, "commands", path))
            {
                var p = $"{path}.commands[{i++}]";
                if (c.ValueKind == JsonValueKind.Array && c.GetArrayLength() == 2)
                {
                    commands.Add(new Smmuv3GuestCommand(ScenarioLoader.Number(c[0], p + "[0]"), ScenarioLoader.Number(c[1], p + "[1]")));
                    continue;
                }

                if (c.ValueKind != JsonValueKind.Object)
                {
                    throw new ScenarioException(p, "expected [\"0x<word0>\", \"0x<word1>\"] or { \"format\", \"fields\" }");
                }

                ScenarioLoader.CheckKeys(c, p, "format", "fields");
                var formatName = c.TryGetProperty("format", out var fmt) && fmt.ValueKind == JsonValueKind.String ? fmt.GetString()! : throw new ScenarioException(p + ".format", "expected a format name such as \"smmuv3.cmd.tlbi-nh-va\"");
                ArgumentNullException.ThrowIfNull(catalog);
                if (!catalog.TryFind(formatName, out var layout))
                {
                    throw new ScenarioException(p + ".format", $"unknown format '{formatName}'");
                }

                var words = new ScenarioLoader(catalog).Encode(layout, c, p);
                commands.Add(new Smmuv3GuestCommand(words[0], words.Length > 1 ? words[1] : 0));
            }

            result = Host.InvalidateGuest(d, commands);
            Narrator?.WriteLine($"guest invalidation: {commands.Count} command(s) {string.Join(", ", commands.ConvertAll(c => $"{(Specs.Smmuv3.CommandOpcode)c.Opcode} [0x{c.Word0:x16} 0x{c.Word1:x16}]"))}");
        }
        else
        {
            ScenarioLoader.CheckKeys(body, path, "source", "pasid", "ranges", "expectDone");
            var ep = Endpoint(body, path, 0);
            var ranges = new List<VtdGuestInvalidation>();
            var i = 0;
            foreach (var r in Items(body, "ranges", path))
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

            result = Host.InvalidateGuest(ep, ranges);
            Narrator?.WriteLine($"guest invalidation: {string.Join(", ", ranges.ConvertAll(r => $"{{ addr 0x{r.Address:x}, npages {(r.Pages == ulong.MaxValue ? "U64_MAX" : r.Pages.ToString(CultureInfo.InvariantCulture))}, flags {(r.Flags == 1 ? "LEAF" : r.Flags.ToString(CultureInfo.InvariantCulture))} }}"))}");
        }

        Narrator?.WriteLine($"  host: {result.Done} entr{(result.Done == 1 ? "y" : "ies")} passed through{(result.Error is null ? string.Empty : "; stopped: " + result.Error)}; issued {Last(Host.IssuedInvalidations, Smmu ? result.Done + 1 : result.Done)}");
        var expectDone = body.TryGetProperty("expectDone", out var ed) ? (int?)Math.Min(ScenarioLoader.Number(ed, path + ".expectDone"), int.MaxValue) : null;
        if (expectDone is { } n ? n != result.Done : !result.Succeeded)
        {
            throw new ScenarioException(path, $"the batch did {result.Done} entr{(result.Done == 1 ? "y" : "ies")}{(expectDone is null ? string.Empty : $", expected {expectDone}")}: {result.Error ?? "no error"}");
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement body, string key, string path)
    {
        if (!body.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new ScenarioException($"{path}.{key}", "expected an array");
        }

        return array.EnumerateArray();
    }

    private NestedEndpoint Endpoint(JsonElement body, string path, uint guestId)
    {
        uint? pasid = body.TryGetProperty("pasid", out var p) ? (uint)Math.Min(ScenarioLoader.Number(p, path + ".pasid"), uint.MaxValue) : null;
        if (Smmu)
        {
            var sid = body.TryGetProperty("stream", out var s) ? ScenarioLoader.Number(s, path + ".stream") : throw new ScenarioException(path + ".stream", "is missing");
            return new NestedEndpoint((uint)Math.Min(sid, uint.MaxValue), guestId, pasid);
        }

        var source = body.TryGetProperty("source", out var src) ? GuestIdNumber(src, path + ".source") : throw new ScenarioException(path + ".source", "is missing");
        return new NestedEndpoint((uint)source, guestId, pasid);
    }

    /// <summary>A StreamID (any 32-bit number) or, on VT-d, a source id ("bus:device.function" in hex, or a number).</summary>
    private ulong GuestIdNumber(JsonElement e, string path) =>
        Smmu ? ScenarioLoader.Number(e, path) : ScenarioLoader.SourceId(e, path);

    private static GuestStage1Mode Mode(JsonElement e, string path) => (e.ValueKind == JsonValueKind.String ? e.GetString() : null) switch
    {
        "translate" => GuestStage1Mode.Translate,
        "bypass" => GuestStage1Mode.Bypass,
        "abort" => GuestStage1Mode.Abort,
        _ => throw new ScenarioException(path, $"expected \"translate\", \"bypass\" or \"abort\", not {e.GetRawText()}"),
    };

    private static IommuProt Prot(JsonElement body, string path)
    {
        var text = body.TryGetProperty("prot", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : throw new ScenarioException(path + ".prot", "expected \"r\", \"w\" or \"rw\"");
        var prot = IommuProt.None;
        foreach (var c in text)
        {
            prot |= c switch
            {
                'r' => IommuProt.Read,
                'w' => IommuProt.Write,
                _ => throw new ScenarioException(path + ".prot", $"unknown permission '{c}' (r, w)"),
            };
        }

        return prot;
    }

    private HostStage2Domain FindDomain(JsonElement body, string path)
    {
        var name = Str(body, "domain", path);
        return _domains.TryGetValue(name, out var d) ? d : throw new ScenarioException(path + ".domain", $"no domain '{name}' (create it with a \"domain\" step)");
    }

    private GuestStage1Tables FindGuest(JsonElement body, string path)
    {
        var name = Str(body, "guest", path);
        return _guests.TryGetValue(name, out var g) ? g : throw new ScenarioException(path + ".guest", $"no guest '{name}' (create it with a \"guest\" step)");
    }

    private static string Str(JsonElement body, string key, string path) =>
        body.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ScenarioException($"{path}.{key}", "expected a string");

    private static ulong Num(JsonElement body, string key, string path) =>
        body.TryGetProperty(key, out var v) ? ScenarioLoader.Number(v, $"{path}.{key}") : throw new ScenarioException($"{path}.{key}", "is missing");

    /// <summary>Library misuse caused by the scenario's values becomes a scenario error naming the step.</summary>
    private static void Guard(string path, Action action)
    {
        try
        {
            action();
        }
        catch (ArgumentException e)
        {
            throw new ScenarioException(path, e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new ScenarioException(path, e.Message);
        }
    }

    private string IdText(uint id) => Smmu ? $"StreamID {id}" : NestingNarration.Bdf(id);

    private static string ProtText(IommuProt prot) => (prot & IommuProt.Write) != 0 ? "read/write" : "read-only";

    private static string Last(IReadOnlyList<string> items, int n)
    {
        var start = Math.Max(0, items.Count - n);
        var parts = new List<string>();
        for (var i = start; i < items.Count; i++)
        {
            parts.Add(items[i]);
        }

        return parts.Count == 0 ? "nothing" : string.Join(", ", parts);
    }
}
