using System;
using System.Collections.Generic;
using System.Globalization;
using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Emulator.Nesting.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// One logical nested mapping (GVA → GPA → HPA with permissions) built into an SMMUv3 and a VT-d host through the
/// bind API, and requests run on both: outputs, page sizes and fault classes must agree.
/// </summary>
/// <remarks>
/// Layout: guest RAM is GPA [0, 64 MiB) at HPA 0x1_0000_0000 + GPA where the host maps it; the guest's tables live in
/// GPA [60 MiB, 64 MiB), which is always mapped read/write. SMMUv3 StreamID 1 (guest 0x11), VT-d source id 00:01.0
/// (guest 00:11.0), both with VMID/DID 1 and a 48-bit stage 2.
/// </remarks>
public sealed class NestingDifferential
{
    /// <summary>HPA of GPA 0.</summary>
    public const ulong RamBase = 0x1_0000_0000;

    /// <summary>Guest table pool (GPA).</summary>
    public const ulong TablePool = 0x03C0_0000;

    private readonly HostStage2Domain _smmuVm;
    private readonly HostStage2Domain _vtdVm;

    /// <summary>Both hosts with their stage-2 domains, the guest table pool mapped, guest tables created, not yet bound.</summary>
    public NestingDifferential()
    {
        Smmu = new Smmuv3NestingIommu();
        Vtd = new VtdNestingIommu();
        _smmuVm = Smmu.CreateStage2Domain(1, 48);
        _vtdVm = Vtd.CreateStage2Domain(1, 48);
        MapHost(TablePool, 0x40_0000, IommuProt.Read | IommuProt.Write);
        SmmuGuest = new GuestStage1Tables(_smmuVm, TablePool, TablePool + 0x40_0000);
        VtdGuest = new GuestStage1Tables(_vtdVm, TablePool, TablePool + 0x40_0000);
    }

    /// <summary>The SMMUv3 host.</summary>
    public Smmuv3NestingIommu Smmu { get; }

    /// <summary>The VT-d host.</summary>
    public VtdNestingIommu Vtd { get; }

    /// <summary>The SMMUv3 guest's tables.</summary>
    public GuestStage1Tables SmmuGuest { get; }

    /// <summary>The VT-d guest's tables.</summary>
    public GuestStage1Tables VtdGuest { get; }

    /// <summary>The SMMUv3 endpoint.</summary>
    public static NestedEndpoint SmmuEndpoint => new(1, 0x11);

    /// <summary>The VT-d endpoint (00:01.0, guest 00:11.0).</summary>
    public static NestedEndpoint VtdEndpoint => new(0x0008, 0x0088);

    /// <summary>Maps guest RAM GPA [gpa, gpa + size) in both stage 2s.</summary>
    public void MapHost(ulong gpa, ulong size, IommuProt prot)
    {
        _smmuVm.Map(gpa, RamBase + gpa, size, prot);
        _vtdVm.Map(gpa, RamBase + gpa, size, prot);
    }

    /// <summary>Maps GVA → GPA in both guests' stage 1.</summary>
    public void MapGuest(ulong gva, ulong gpa, ulong size, IommuProt prot)
    {
        SmmuGuest.Map(gva, gpa, size, prot);
        VtdGuest.Map(gva, gpa, size, prot);
    }

    /// <summary>Binds both guests' tables; throws if either host refuses (that would be a bug of the helper).</summary>
    public void Bind()
    {
        var a = Smmu.Bind(SmmuEndpoint, _smmuVm, SmmuGuest.BindConfig());
        var b = Vtd.Bind(VtdEndpoint, _vtdVm, VtdGuest.BindConfig());
        if (!a.Succeeded || !b.Succeeded)
        {
            throw new InvalidOperationException($"bind failed: SMMUv3 {a}; VT-d {b}");
        }
    }

    /// <summary>Runs one unprivileged request on both; null when they agree, else what differs.</summary>
    public string? Compare(ulong gva, AccessKind access)
    {
        var s = Smmu.Translate(SmmuEndpoint.HostId, gva, access);
        var v = Vtd.Translate(VtdEndpoint.HostId, gva, access);
        var same = s.Ok == v.Ok && (s.Ok ? s.Output == v.Output && s.PageSize == v.PageSize : s.FaultClass == v.FaultClass);
        return same ? null : string.Create(CultureInfo.InvariantCulture, $"{access} 0x{gva:x}: SMMUv3 {s}, VT-d {v}");
    }

    /// <summary>
    /// A randomized check, reproducible by <paramref name="seed"/>: random 4 KiB / 2 MiB mappings with R or RW at both
    /// stages (with holes), then <paramref name="requests"/> reads and writes in and around them. Returns every
    /// disagreement (empty when the two IOMMUs agree) and counts of the outcomes seen.
    /// </summary>
    public static (IReadOnlyList<string> Disagreements, IReadOnlyDictionary<NestedFaultClass, int> Outcomes) RunRandom(int seed, int mappings = 24, int requests = 400)
    {
        var random = new Random(seed);
        var d = new NestingDifferential();
        var hostMapped = new List<(ulong Gpa, ulong Size)>();

        // Stage 2: 2 MiB slots of GPA [0, 56 MiB): mapped as one block, as 4 KiB pages (some), or left a hole.
        for (var slot = 0UL; slot < 28; slot++)
        {
            var gpa = slot << 21;
            var prot = random.Next(3) == 0 ? IommuProt.Read : IommuProt.Read | IommuProt.Write;
            switch (random.Next(4))
            {
                case 0:
                    break; // hole
                case 1:
                    for (var page = 0UL; page < 512; page += 64)
                    {
                        if (random.Next(2) == 0)
                        {
                            d.MapHost(gpa + (page << 12), 64 << 12, prot);
                            hostMapped.Add((gpa + (page << 12), 64 << 12));
                        }
                    }

                    break;
                default:
                    d.MapHost(gpa, 1 << 21, prot);
                    hostMapped.Add((gpa, 1 << 21));
                    break;
            }
        }

        // Stage 1: GVAs in [1 GiB, 1 GiB + 64 MiB) onto random GPAs of [0, 56 MiB), 2 MiB blocks or 4 KiB pages.
        var guestMapped = new List<ulong>();
        for (var i = 0; i < mappings; i++)
        {
            var gvaSlot = (ulong)random.Next(32);
            var gva = 0x4000_0000UL + (gvaSlot << 21);
            if (guestMapped.Contains(gva))
            {
                continue;
            }

            guestMapped.Add(gva);
            var prot = random.Next(3) == 0 ? IommuProt.Read : IommuProt.Read | IommuProt.Write;
            if (random.Next(2) == 0)
            {
                d.MapGuest(gva, (ulong)random.Next(28) << 21, 1 << 21, prot);
            }
            else
            {
                for (var p = 0; p < 8; p++)
                {
                    d.MapGuest(gva + ((ulong)p << 12), (ulong)random.NextInt64(0, 56L << 8) << 12, 0x1000, prot);
                }
            }
        }

        d.Bind();
        var disagreements = new List<string>();
        var outcomes = new Dictionary<NestedFaultClass, int>();
        for (var r = 0; r < requests; r++)
        {
            var gva = 0x4000_0000UL + ((ulong)random.Next(32) << 21) + ((ulong)random.Next(16) << 12) + (ulong)random.Next(0x1000);
            var access = random.Next(2) == 0 ? AccessKind.Read : AccessKind.Write;
            if (d.Compare(gva, access) is { } diff)
            {
                disagreements.Add(diff);
            }

            var cls = d.Smmu.Translate(SmmuEndpoint.HostId, gva, access).FaultClass;
            outcomes[cls] = outcomes.GetValueOrDefault(cls) + 1;
        }

        return (disagreements, outcomes);
    }
}
