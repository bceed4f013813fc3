using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;

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

    private readonly NestedScenarioVendor _vendor;

    /// <summary>A scenario device over <paramref name="host"/>; <paramref name="narrator"/> (optional) gets a readable account of every step.</summary>
    public NestedScenarioDevice(NestingIommu host, TextWriter? narrator = null)
    {
        Host = host ?? throw new ArgumentNullException(nameof(host));
        Narrator = narrator;
        _vendor = NestedScenarioVendor.For(host.Vendor);
    }

    /// <summary>The nesting host.</summary>
    public NestingIommu Host { get; }

    /// <summary>Where the narration goes (null: none).</summary>
    public TextWriter? Narrator { get; }

    /// <inheritdoc/>
    public string Kind => _vendor.Kind;

    /// <inheritdoc/>
    public IGuestMemory Memory => Host.Memory;

    /// <inheritdoc/>
    public bool WriteRegister(ulong offset, ulong value, int width) => Host.WriteRegister(offset, value, width);

    /// <inheritdoc/>
    public ulong ReadRegister(ulong offset, int width) => Host.ReadRegister(offset, width);

    /// <inheritdoc/>
    public ScenarioResult Translate(ScenarioRequest request, IWalkTraceSink? trace)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (id, pasid) = _vendor.RequestIds(request);
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
                Narrator?.WriteLine(removed ? $"unbind {_vendor.IdText(ep.HostId)}: entry made abort, then {Last(Host.IssuedInvalidations, 3)}" : $"unbind {_vendor.IdText(ep.HostId)}: nothing was bound");
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
        Narrator?.WriteLine($"host: stage-2 domain '{name}', {_vendor.DomainIdName} {id}, {ipa}-bit GPA space, top table at HPA 0x{domain!.RootAddress:x}");
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
        Narrator?.WriteLine($"guest '{name}': stage-1 table at GPA 0x{g!.BasePointer:x} ({_vendor.GuestTables(g, asid)})");
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
        var guestId = body.TryGetProperty("guestId", out var gi) ? (uint)Math.Min(_vendor.DeviceId(gi, path + ".guestId"), uint.MaxValue) : 0;
        var ep = Endpoint(body, path, guestId);
        var g = body.TryGetProperty("guest", out _) ? FindGuest(body, path) : null;
        var mode = body.TryGetProperty("mode", out var m) ? Mode(m, path + ".mode") : GuestStage1Mode.Translate;
        var config = _vendor.BindConfig(body, path, g, mode);
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

            Narrator?.WriteLine($"bind {_vendor.IdText(ep.HostId)}: refused, as expected:");
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
        ScenarioLoader.CheckKeys(body, path, [.. _vendor.InvalidateKeys, "expectDone"]);
        var (request, text) = _vendor.Invalidation(this, body, path, catalog);
        var result = Host.InvalidateGuest(request);
        Narrator?.WriteLine("guest invalidation: " + text);
        Narrator?.WriteLine($"  host: {result.Done} entr{(result.Done == 1 ? "y" : "ies")} passed through{(result.Error is null ? string.Empty : "; stopped: " + result.Error)}; issued {Last(Host.IssuedInvalidations, _vendor.IssuedFor(result.Done))}");
        var expectDone = body.TryGetProperty("expectDone", out var ed) ? (int?)Math.Min(ScenarioLoader.Number(ed, path + ".expectDone"), int.MaxValue) : null;
        if (expectDone is { } n ? n != result.Done : !result.Succeeded)
        {
            throw new ScenarioException(path, $"the batch did {result.Done} entr{(result.Done == 1 ? "y" : "ies")}{(expectDone is null ? string.Empty : $", expected {expectDone}")}: {result.Error ?? "no error"}");
        }
    }

    internal static IEnumerable<JsonElement> Items(JsonElement body, string key, string path)
    {
        if (!body.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new ScenarioException($"{path}.{key}", "expected an array");
        }

        return array.EnumerateArray();
    }

    /// <summary>The endpoint a step names: <c>"stream"</c> or <c>"source"</c>, and an optional <c>"pasid"</c>.</summary>
    internal NestedEndpoint Endpoint(JsonElement body, string path, uint guestId)
    {
        uint? pasid = body.TryGetProperty("pasid", out var p) ? (uint)Math.Min(ScenarioLoader.Number(p, path + ".pasid"), uint.MaxValue) : null;
        var key = _vendor.EndpointKey;
        var id = body.TryGetProperty(key, out var v) ? _vendor.DeviceId(v, $"{path}.{key}") : throw new ScenarioException($"{path}.{key}", "is missing");
        return new NestedEndpoint((uint)Math.Min(id, uint.MaxValue), guestId, pasid);
    }

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

    internal HostStage2Domain FindDomain(JsonElement body, string path)
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

    private static ulong Num(JsonElement body, string key, string path) => ScenarioLoader.RequiredNumber(body, key, path);

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
