using System;
using System.Globalization;
using System.IO;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// The demo behind <c>iommu-layouts demo</c>: a host with a stage-2 domain, a guest stage-1 table bound on an SMMUv3
/// and on a VT-d unit, requests that succeed, a stage-1 and a stage-2 fault, and a guest invalidation (stale result,
/// invalidate, new result), printed for a person to read.
/// </summary>
public static class NestingDemo
{
    /// <summary>HPA of guest RAM (GPA 0).</summary>
    public const ulong RamBase = 0x1_0000_0000;

    /// <summary>Runs the demo for both IOMMUs, writing to <paramref name="output"/>; returns true when every step did what it should.</summary>
    public static bool Run(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Nested translation: the guest owns stage 1 (GVA -> GPA), the host owns stage 2 (GPA -> HPA).");
        output.WriteLine("The same guest mapping is bound on an Arm SMMUv3 and on an Intel VT-d unit.");
        var ok = RunOne(new Smmuv3NestingIommu(), output);
        ok &= RunOne(new VtdNestingIommu(), output);
        output.WriteLine();
        output.WriteLine(ok ? "Demo complete: every request behaved as expected on both IOMMUs." : "Demo FAILED: see the lines marked UNEXPECTED.");
        return ok;
    }

    private static bool RunOne(NestingIommu host, TextWriter o)
    {
        var smmu = host.Vendor == NestingVendor.Smmuv3;
        var name = smmu ? "Arm SMMUv3" : "Intel VT-d";
        var endpoint = smmu ? new NestedEndpoint(1, 0x11) : new NestedEndpoint(0x0008, 0x0088);
        var idName = smmu ? "VMID" : "DID";
        o.WriteLine();
        o.WriteLine($"==================== {name} ====================");

        var vm = host.CreateStage2Domain(1, 48);
        vm.Map(0x0, RamBase, 0x20_0000, IommuProt.Read | IommuProt.Write);
        vm.Map(0x20_0000, RamBase + 0x20_0000, 0x20_0000, IommuProt.Read);
        o.WriteLine($"host: stage-2 domain {idName} {vm.Id}, {vm.IpaBits}-bit GPA space, table at HPA 0x{vm.RootAddress:x}");
        o.WriteLine($"host: map GPA 0x0-0x1fffff      -> HPA 0x{RamBase:x} read/write");
        o.WriteLine($"host: map GPA 0x200000-0x3fffff -> HPA 0x{RamBase + 0x20_0000:x} read-only");
        o.WriteLine("host: GPA 0x400000 and above are not mapped");

        var guest = new GuestStage1Tables(vm, 0x10_0000, 0x20_0000);
        guest.Map(0x8000_0000, 0x1000, 0x1000, IommuProt.Read | IommuProt.Write);
        guest.Map(0x8000_1000, 0x20_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        guest.Map(0x8000_2000, 0x50_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        o.WriteLine($"guest: stage-1 table at GPA 0x{guest.BasePointer:x} ({(smmu ? "CD table, one CD, ASID 1" : "4-level first-stage table")})");
        o.WriteLine("guest: map GVA 0x80000000 -> GPA 0x1000 rw, 0x80001000 -> GPA 0x200000 rw, 0x80002000 -> GPA 0x500000 rw");

        var config = guest.BindConfig();
        var bind = host.Bind(endpoint, vm, config);
        o.WriteLine();
        o.WriteLine(smmu
            ? $"bind StreamID {endpoint.HostId} (guest vSID 0x{endpoint.GuestId:x}): guest STE words 0x{config.Smmuv3!.Value.Word0:x16} 0x{config.Smmuv3.Value.Word1:x16}"
            : $"bind source id {Bdf(endpoint.HostId)} (guest {Bdf(endpoint.GuestId)}), RID_PASID: pgtbl_addr 0x{config.BasePointer:x}, addr_width 48");
        if (!bind.Succeeded)
        {
            o.WriteLine($"UNEXPECTED: {bind}");
            return false;
        }

        o.WriteLine($"  wrote {(smmu ? "nested STE" : "nested PASID entry")} at HPA 0x{bind.EntryAddress:x}:");
        o.WriteLine($"    words: {string.Join(' ', Array.ConvertAll(bind.Words, w => "0x" + w.ToString("x16", CultureInfo.InvariantCulture)))}");
        o.WriteLine($"    {bind.Decoded}");
        o.WriteLine($"  then: {string.Join(", ", bind.Invalidations)}");

        var ok = true;
        o.WriteLine();
        o.WriteLine("DMA requests:");
        ok &= Request(host, endpoint, "read ", 0x8000_0010, AccessKind.Read, RamBase + 0x1010, null, o);
        ok &= Request(host, endpoint, "write", 0x8000_0020, AccessKind.Write, RamBase + 0x1020, null, o);
        ok &= Request(host, endpoint, "read ", 0x8000_1008, AccessKind.Read, RamBase + 0x20_0008, null, o);
        ok &= Request(host, endpoint, "read ", 0x8000_9000, AccessKind.Read, null, NestedFaultClass.Stage1Translation, o);
        ok &= Request(host, endpoint, "read ", 0x8000_2000, AccessKind.Read, null, NestedFaultClass.Stage2Translation, o);
        ok &= Request(host, endpoint, "write", 0x8000_1000, AccessKind.Write, null, NestedFaultClass.Stage2Permission, o);

        o.WriteLine();
        o.WriteLine("reported to the guest (guest IDs; stage-2 faults stay with the host):");
        foreach (var e in host.DrainGuestEvents())
        {
            o.WriteLine($"  {e.Class}: {e}");
        }

        o.WriteLine();
        o.WriteLine("guest invalidation: the guest points GVA 0x80000000 at GPA 0x3000 instead of 0x1000");
        guest.Unmap(0x8000_0000);
        guest.Map(0x8000_0000, 0x3000, 0x1000, IommuProt.Read | IommuProt.Write);
        ok &= Request(host, endpoint, "read ", 0x8000_0010, AccessKind.Read, RamBase + 0x1010, null, o, " (stale: the IOTLB still holds the old entry)");
        InvalidationBatchResult inv;
        if (smmu)
        {
            // CMD_TLBI_NH_VA with the guest's (wrong on purpose) VMID 0: the host forces its own VMID.
            var cmd = new Smmuv3GuestCommand(0x12UL | (1UL << 48), 0x8000_0000UL | 1);
            inv = host.InvalidateGuest(vm, [cmd]);
            o.WriteLine($"  guest issues CMD_TLBI_NH_VA ASID 1 VA 0x80000000 Leaf (raw 0x{cmd.Word0:x16} 0x{cmd.Word1:x16})");
        }
        else
        {
            inv = host.InvalidateGuest(endpoint, [new VtdGuestInvalidation(0x8000_0000, 1, VtdGuestInvalidation.Leaf)]);
            o.WriteLine("  guest invalidates { addr 0x80000000, npages 1, flags LEAF }");
        }

        var issued = host.IssuedInvalidations;
        o.WriteLine($"  host: {inv.Done} entr{(inv.Done == 1 ? "y" : "ies")} passed through{(inv.Error is null ? string.Empty : ", stopped: " + inv.Error)}; issued {issued[issued.Count - (smmu ? 2 : 1)]}{(smmu ? " (VMID forced to 1), CMD_SYNC" : string.Empty)}");
        ok &= inv.Succeeded;
        ok &= Request(host, endpoint, "read ", 0x8000_0010, AccessKind.Read, RamBase + 0x3010, null, o, " (new mapping)");
        return ok;
    }

    private static bool Request(NestingIommu host, NestedEndpoint ep, string verb, ulong gva, AccessKind access, ulong? expectOutput, NestedFaultClass? expectFault, TextWriter o, string note = "")
    {
        var trace = new WalkTraceRecorder();
        var r = host.Translate(ep.HostId, gva, access, trace: trace);
        var good = expectOutput is { } e ? r.Ok && r.Output == e : !r.Ok && r.FaultClass == expectFault;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {verb} GVA 0x{gva:x}: {r}{note}{(good ? string.Empty : "  UNEXPECTED")}"));
        // A short trace: the stage-1 walk and the stage-2 walk of the output; the stage-2 walks of each stage-1 table
        // address are counted, shown only when one faults.
        var tableWalkSteps = 0;
        foreach (var step in trace.Steps)
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
            o.WriteLine($"      (+{tableWalkSteps} stage-2 descriptor reads to translate the GPAs of the guest's tables)");
        }

        if (trace.Steps.Count == 0 && r.Ok)
        {
            o.WriteLine("      (hit in the IOTLB: no table was read)");
        }

        if (r.DecodedRecord is { } record)
        {
            o.WriteLine($"      record: {record}");
        }

        return good;
    }

    private static string Bdf(uint sid) => string.Create(CultureInfo.InvariantCulture, $"{sid >> 8:x2}:{(sid >> 3) & 0x1F:x2}.{sid & 7:x}");
}
