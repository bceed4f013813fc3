using System;
using System.Collections.Generic;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Emulator.Nesting.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Nesting;

/// <summary>
/// Rebind and unbind are written so that a translation after any single 64-bit write sees the old configuration, the
/// new one, or a blocked entry (V = 0 / P = 0), never a mix of the two. Caches are off, so every translation reads
/// the entry as it is in memory at that moment (an interleaved device). A naive in-order writer is caught by the same
/// check, so the check can fail.
/// </summary>
public sealed class SafeOrderingTests
{
    private const ulong Gva = 0x8000_0010;
    private const ulong OldOutput = 0x1_0000_1010;
    private const ulong NewOutput = 0x2_0000_5010;

    private sealed class Setup
    {
        public required NestingIommu Host { get; init; }
        public required NestedEndpoint Ep { get; init; }
        public required HostStage2Domain Vm1 { get; init; }
        public required HostStage2Domain Vm2 { get; init; }
        public required GuestStage1Tables G1 { get; init; }
        public required GuestStage1Tables G2 { get; init; }
    }

    private static Setup Create(bool smmu)
    {
        NestingIommu host = smmu
            ? new Smmuv3NestingIommu(Smmuv3Capabilities.Default with { ConfigCachePolicy = CachePolicy.None, TlbPolicy = CachePolicy.None })
            : new VtdNestingIommu(caches: VtdCacheOptions.None);
        var vm1 = host.CreateStage2Domain(1, 48);
        vm1.Map(0, 0x1_0000_0000, 0x40_0000, IommuProt.Read | IommuProt.Write);
        var vm2 = host.CreateStage2Domain(2, smmu ? 40 : 39);
        vm2.Map(0, 0x2_0000_0000, 0x40_0000, IommuProt.Read | IommuProt.Write);
        var g1 = new GuestStage1Tables(vm1, 0x10_0000, 0x18_0000);
        g1.Map(0x8000_0000, 0x1000, 0x1000, IommuProt.Read | IommuProt.Write);
        var g2 = new GuestStage1Tables(vm2, 0x20_0000, 0x28_0000, asid: 2);
        g2.Map(0x8000_0000, 0x5000, 0x1000, IommuProt.Read | IommuProt.Write);
        return new Setup { Host = host, Ep = smmu ? new NestedEndpoint(1, 0x11) : new NestedEndpoint(0x0008, 0x0088), Vm1 = vm1, Vm2 = vm2, G1 = g1, G2 = g2 };
    }

    /// <summary>"old", "new", "blocked" (V = 0 / P = 0 / abort), or "MIX: ..." for anything else.</summary>
    private static string Observe(Setup s)
    {
        var r = s.Host.Translate(s.Ep.HostId, Gva, AccessKind.Read);
        s.Host.DrainGuestEvents();
        if (r.Ok)
        {
            return r.Output switch { OldOutput => "old", NewOutput => "new", _ => $"MIX: output 0x{r.Output:x}" };
        }

        return r.FaultClass == NestedFaultClass.Abort || r.FaultName == "C_BAD_STE" ? "blocked" : $"MIX: fault {r}";
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rebind_and_unbind_are_never_seen_half_written(bool smmu)
    {
        var s = Create(smmu);
        Assert.True(s.Host.Bind(s.Ep, s.Vm1, s.G1.BindConfig()).Succeeded);
        Assert.Equal("old", Observe(s));

        var seen = new List<string>();
        s.Host.AfterEntryWrite = (_, _) => seen.Add(Observe(s));
        Assert.True(s.Host.Bind(s.Ep, s.Vm2, s.G2.BindConfig()).Succeeded);
        Assert.True(seen.Count >= 3, $"only {seen.Count} writes observed"); // the new entry differs in several qwords
        Assert.DoesNotContain(seen, o => o.StartsWith("MIX", StringComparison.Ordinal));
        Assert.Equal("new", seen[^1]);
        Assert.Equal("new", Observe(s));

        seen.Clear();
        Assert.True(s.Host.Unbind(s.Ep));
        Assert.NotEmpty(seen);
        Assert.All(seen, o => Assert.True(o is "new" or "blocked", o));
        Assert.Equal("blocked", Observe(s));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_naive_in_order_write_is_caught_as_a_mix(bool smmu)
    {
        var s = Create(smmu);
        Assert.True(s.Host.Bind(s.Ep, s.Vm1, s.G1.BindConfig()).Succeeded);
        ulong[] target;
        ulong address;
        if (s.Host is Smmuv3NestingIommu smmuHost)
        {
            target = smmuHost.ComposeSte(s.Vm2, s.G2.BindConfig());
            address = smmuHost.SteAddress(s.Ep.HostId);
        }
        else
        {
            var vtd = (VtdNestingIommu)s.Host;
            target = vtd.ComposePasidEntry(s.Vm2, s.G2.BindConfig());
            address = vtd.PasidEntryAddress((ushort)s.Ep.HostId, 0);
        }

        var seen = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            Assert.True(s.Host.Memory.TryWriteUInt64(address + ((ulong)i * 8), target[i]));
            seen.Add(Observe(s));
        }

        Assert.Contains(seen, o => o.StartsWith("MIX", StringComparison.Ordinal));
        Assert.Equal("new", seen[^1]);
    }

    /// <summary>
    /// Every ordered pair of configurations (abort, bypass or nested, on either of two stage-2 domains; 5 × 5):
    /// after each single write of the change, two probes (a GVA and a GPA) give the old configuration's results, the
    /// new one's, or blocked — never something else.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_change_between_two_configurations_is_atomic_to_the_device(bool smmu)
    {
        for (var from = 0; from < 5; from++)
        {
            for (var to = 0; to < 5; to++)
            {
                if (from == to)
                {
                    continue;
                }

                var s = Create(smmu);
                Bind(s, from);
                var before = Probe(s);
                var seen = new List<string>();
                s.Host.AfterEntryWrite = (_, _) => seen.Add(Probe(s));
                Bind(s, to);
                s.Host.AfterEntryWrite = null;
                var after = Probe(s);
                foreach (var o in seen)
                {
                    Assert.True(o == before || o == after || o == Blocked, $"{from} -> {to}: saw '{o}', old '{before}', new '{after}'");
                }
            }
        }
    }

    private const string Blocked = "blocked|blocked";

    private static void Bind(Setup s, int config)
    {
        var (vm, g, mode) = config switch
        {
            0 => (s.Vm1, s.G1, GuestStage1Mode.Abort),
            1 => (s.Vm1, s.G1, GuestStage1Mode.Bypass),
            2 => (s.Vm1, s.G1, GuestStage1Mode.Translate),
            3 => (s.Vm2, s.G2, GuestStage1Mode.Bypass),
            _ => (s.Vm2, s.G2, GuestStage1Mode.Translate),
        };
        Assert.True(s.Host.Bind(s.Ep, vm, g.BindConfig(mode)).Succeeded);
    }

    private static string Probe(Setup s)
    {
        string One(ulong address)
        {
            var r = s.Host.Translate(s.Ep.HostId, address, AccessKind.Read);
            return r.Ok ? $"0x{r.Output:x}" : r.FaultClass == NestedFaultClass.Abort || r.FaultName == "C_BAD_STE" ? "blocked" : r.FaultClass.ToString();
        }

        var probe = One(Gva) + "|" + One(0x2010);
        s.Host.DrainGuestEvents();
        return probe;
    }
}
