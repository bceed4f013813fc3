using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using IommuLayouts.Emulator.Walkers;

using IommuLayouts.Emulator.Nesting;

namespace IommuLayouts.Scenarios.Nesting;

/// <summary>The readable account the demo prints: binds with the entry decoded, requests with a short trace and the record.</summary>
internal static class NestingNarration
{
    public static string Bdf(uint sid) => string.Create(CultureInfo.InvariantCulture, $"{sid >> 8:x2}:{(sid >> 3) & 0x1F:x2}.{sid & 7:x}");

    public static void Bind(TextWriter o, NestingIommu host, NestedEndpoint ep, GuestStage1Config config, NestedBindResult result)
    {
        o.WriteLine();
        if (host.Vendor == NestingVendor.Smmuv3)
        {
            var ste = config.Smmuv3 ?? default;
            o.WriteLine($"bind StreamID {ep.HostId} (guest vSID 0x{ep.GuestId:x}), {config.Mode}: guest STE words 0x{ste.Word0:x16} 0x{ste.Word1:x16}");
        }
        else
        {
            var vtd = config.Vtd ?? default;
            o.WriteLine($"bind source id {Bdf(ep.HostId)} (guest {Bdf(ep.GuestId)}){(ep.Pasid is { } p ? $" PASID {p}" : ", RID_PASID")}, {config.Mode}: pgtbl_addr 0x{config.BasePointer:x}, addr_width {vtd.AddressWidth}, flags 0x{vtd.Flags:x}");
        }

        o.WriteLine($"  host wrote the {(host.Vendor == NestingVendor.Smmuv3 ? "STE" : "PASID entry")} at HPA 0x{result.EntryAddress:x}:");
        o.WriteLine($"    words:   {string.Join(' ', Array.ConvertAll(result.Words, w => "0x" + w.ToString("x16", CultureInfo.InvariantCulture)))}");
        if (result.Layout is { } layout)
        {
            o.WriteLine($"    decoded: {Fields(layout, result.Words)}");
        }

        o.WriteLine($"  then:    {string.Join(", ", result.Invalidations)}");
    }

    public static void Request(TextWriter o, string name, AccessKind access, ulong address, NestedTranslation r, IReadOnlyList<WalkTraceStep> steps)
    {
        var verb = access switch { AccessKind.Write => "write", AccessKind.InstructionFetch => "fetch", _ => "read" };
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{name}] {verb} 0x{address:x}: {r}"));

        // A short trace: the stage-1 walk and the stage-2 walk of the output; the stage-2 walks of each stage-1 table
        // address are counted, and shown only when one faults.
        var tableWalkSteps = 0;
        foreach (var step in steps)
        {
            if (step.Purpose == WalkPurpose.Stage2ForStage1Table && step.Decision != WalkStepDecision.Fault)
            {
                tableWalkSteps++;
                continue;
            }

            o.WriteLine($"      {step}");
        }

        if (tableWalkSteps > 0)
        {
            o.WriteLine($"      (+{tableWalkSteps} stage-2 descriptor reads translating the GPAs of the guest's tables)");
        }

        if (steps.Count == 0 && r.Ok)
        {
            o.WriteLine("      (IOTLB hit: no table was read)");
        }

        if (r.RecordLayout is { } layout && r.RecordWords is { } words)
        {
            o.WriteLine($"      record: {Fields(layout, words)}");
        }
    }

    /// <summary>The non-zero fields of an entry, e.g. "V=1 Config=Nested S2VMID=0x1".</summary>
    public static string Fields(LayoutInfo layout, ulong[] words)
    {
        var text = layout.Ops.Format(words);

        // The generated ToString lists every field; a person wants the ones that are set.
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = text.LastIndexOf('}');
        if (open < 0 || close < open)
        {
            return text;
        }

        var kept = new List<string>();
        foreach (var part in text[(open + 1)..close].Split(", "))
        {
            var p = part.Trim();
            if (p.EndsWith("= false", StringComparison.Ordinal) || p.EndsWith("= 0x0", StringComparison.Ordinal) || p.EndsWith("(0x0)", StringComparison.Ordinal) && !p.StartsWith("Config", StringComparison.Ordinal) && !p.StartsWith("EventID", StringComparison.Ordinal))
            {
                continue;
            }

            kept.Add(p.Replace(" = ", "=", StringComparison.Ordinal));
        }

        return $"{layout.Name} {{ {string.Join(", ", kept)} }}";
    }
}
