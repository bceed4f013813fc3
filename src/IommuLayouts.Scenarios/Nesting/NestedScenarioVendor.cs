using System;
using System.Collections.Generic;
using System.Text.Json;
using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Scenarios.Smmuv3;
using IommuLayouts.Scenarios.Vtd;

namespace IommuLayouts.Scenarios.Nesting;

/// <summary>
/// What a nested scenario reads differently on each IOMMU: how a request and a step name the device, the vendor part of
/// a bind, and the entries of a guest invalidation. Everything else a <see cref="NestedScenarioDevice"/> does is common.
/// </summary>
internal abstract class NestedScenarioVendor
{
    /// <summary>The scenario file's <c>"iommu"</c> value.</summary>
    public abstract string Kind { get; }

    /// <summary>The step key naming the physical device (<c>"stream"</c> or <c>"source"</c>).</summary>
    public abstract string EndpointKey { get; }

    /// <summary>What the stage-2 domain's id is called (VMID / DID).</summary>
    public abstract string DomainIdName { get; }

    /// <summary>The keys an <c>invalidate</c> step may have, besides <c>expectDone</c>.</summary>
    public abstract IReadOnlyList<string> InvalidateKeys { get; }

    public static NestedScenarioVendor For(NestingVendor vendor) => vendor switch
    {
        NestingVendor.Smmuv3 => new Smmuv3NestedScenario(),
        NestingVendor.IntelVtd => new VtdNestedScenario(),
        _ => throw new ArgumentOutOfRangeException(nameof(vendor), vendor, "no nested scenario for this vendor"),
    };

    /// <summary>The device and PASID/SubstreamID a request names.</summary>
    public abstract (uint Id, uint? Pasid) RequestIds(ScenarioRequest request);

    /// <summary>A device id in a step (a StreamID, or a source id "bus:device.function").</summary>
    public abstract ulong DeviceId(JsonElement value, string path);

    /// <summary>A device id as the narration prints it.</summary>
    public abstract string IdText(uint id);

    /// <summary>The guest's stage-1 tables as the narration describes them.</summary>
    public abstract string GuestTables(GuestStage1Tables guest, ulong asid);

    /// <summary>The configuration a <c>bind</c> step gives, before the common fields (pasidBits, version, bytes).</summary>
    public abstract GuestStage1Config BindConfig(JsonElement body, string path, GuestStage1Tables? guest, GuestStage1Mode mode);

    /// <summary>The request an <c>invalidate</c> step gives, and how the narration shows its entries.</summary>
    public abstract (GuestInvalidation Request, string Text) Invalidation(NestedScenarioDevice device, JsonElement body, string path, LayoutCatalog catalog);

    /// <summary>How many host invalidations a batch of <paramref name="done"/> entries issues (SMMUv3 adds a CMD_SYNC).</summary>
    public abstract int IssuedFor(int done);

    /// <summary>A bind's optional <c>"asidBits"</c>.</summary>
    protected static GuestStage1Config WithAsidBits(GuestStage1Config config, JsonElement body, string path) =>
        body.TryGetProperty("asidBits", out var ab)
            ? config with { AsidBits = (int)Math.Min(ScenarioLoader.Number(ab, path + ".asidBits"), 64) }
            : config;
}
