using System.Linq;
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
/// Bind: each kind of bad guest configuration is refused with its own reason (Linux arm_smmu_validate_vste,
/// intel_pasid_setup_nested), and a good one writes exactly the entry the Linux merge rules give.
/// </summary>
public sealed class BindTests
{
    private const ulong Ram = 0x1_0000_0000;
    private static readonly NestedEndpoint Sid1 = new(1, 0x11);
    private static readonly NestedEndpoint Rid = new(0x0008, 0x0088);

    private static (Smmuv3NestingIommu Host, HostStage2Domain Vm, GuestStage1Tables Guest) Smmu(Smmuv3Capabilities? caps = null, int ipaBits = 48)
    {
        var host = new Smmuv3NestingIommu(caps);
        var vm = host.CreateStage2Domain(1, ipaBits);
        vm.Map(0, Ram, 0x40_0000, IommuProt.Read | IommuProt.Write);
        return (host, vm, new GuestStage1Tables(vm, 0x10_0000, 0x20_0000));
    }

    private static (VtdNestingIommu Host, HostStage2Domain Vm, GuestStage1Tables Guest) Vtd(VtdCapabilities? caps = null)
    {
        var host = new VtdNestingIommu(caps);
        var vm = host.CreateStage2Domain(1, 48);
        vm.Map(0, Ram, 0x40_0000, IommuProt.Read | IommuProt.Write);
        return (host, vm, new GuestStage1Tables(vm, 0x10_0000, 0x20_0000));
    }

    private static void AssertOnlyReason(NestedBindResult r, string field, string fragment)
    {
        Assert.False(r.Succeeded);
        var reason = Assert.Single(r.Rejections);
        Assert.Equal(field, reason.Field);
        Assert.Contains(fragment, reason.Problem + " / " + reason.HostSupports, System.StringComparison.Ordinal);
    }

    private static GuestStage1Config SteConfig(GuestStage1Tables g, ulong extra0 = 0, ulong extra1 = 0) =>
        GuestStage1Config.ForSmmuv3(1UL | (5UL << 1) | g.BasePointer | extra0, 0xD4 | extra1);

    [Fact]
    public void The_guest_ste_fields_a_guest_may_set_are_linuxs_nesting_allowed_masks()
    {
        // Linux arm-smmu-v3.h: STRTAB_STE_0_NESTING_ALLOWED = V | CFG | S1FMT | S1CTXPTR_MASK | S1CDMAX = 0xf80fffffffffffff;
        // STRTAB_STE_1_NESTING_ALLOWED = S1DSS | S1CIR | S1COR | S1CSH | S1STALLD | EATS = 0x380000ff (derived here from the STE layout).
        Assert.Equal(0xF80F_FFFF_FFFF_FFFFUL, Smmuv3GuestSte.Word0Allowed);
        Assert.Equal(0x3800_00FFUL, Smmuv3GuestSte.Word1Allowed);
    }

    [Fact]
    public void Smmuv3_refuses_a_word0_bit_outside_NESTING_ALLOWED()
    {
        var (h, vm, g) = Smmu();
        // Bit 52 is outside STRTAB_STE_0_NESTING_ALLOWED = 0xf80fffffffffffff (Linux arm-smmu-v3.h).
        AssertOnlyReason(h.Bind(Sid1, vm, SteConfig(g, extra0: 1UL << 52)), "ste[0]", "0x10000000000000");
    }

    [Fact]
    public void Smmuv3_refuses_a_word1_bit_outside_NESTING_ALLOWED()
    {
        var (h, vm, g) = Smmu();
        // MEV (bit 19 of word 1) is the host's: not in STRTAB_STE_1_NESTING_ALLOWED = 0x380000ff.
        AssertOnlyReason(h.Bind(Sid1, vm, SteConfig(g, extra1: 1UL << 19)), "ste[1]", "0x80000");
    }

    [Fact]
    public void Smmuv3_refuses_a_Config_other_than_abort_bypass_or_S1()
    {
        var (h, vm, g) = Smmu();
        var cfg = GuestStage1Config.ForSmmuv3(1UL | (6UL << 1) | g.BasePointer, 0) with { Mode = GuestStage1Mode.Translate };
        AssertOnlyReason(h.Bind(Sid1, vm, cfg), "Config", "Config 6");
    }

    [Fact]
    public void Smmuv3_refuses_EATS_other_than_0_or_1()
    {
        var (h, vm, g) = Smmu();
        AssertOnlyReason(h.Bind(Sid1, vm, SteConfig(g, extra1: 2UL << 28)), "EATS", "EATS 2");
    }

    [Fact]
    public void Smmuv3_refuses_S1CDMax_beyond_SSIDSIZE()
    {
        var (h, vm, g) = Smmu(Smmuv3Capabilities.Default with { SubstreamIdBits = 4 });
        // pasid_bits follows S1CDMax (ForSmmuv3), so it is refused too.
        var r = h.Bind(Sid1, vm, SteConfig(g, extra0: 5UL << 59));
        Assert.Contains(r.Rejections, x => x.Field == "S1CDMax" && x.HostSupports == "0..4 (IDR1.SSIDSIZE)");
    }

    [Fact]
    public void Smmuv3_refuses_pasid_bits_beyond_the_host()
    {
        var (h, vm, g) = Smmu(Smmuv3Capabilities.Default with { SubstreamIdBits = 4 });
        var r = h.Bind(Sid1, vm, SteConfig(g) with { PasidBits = 5 });
        Assert.Contains(r.Rejections, x => x.Field == "pasid_bits" && x.HostSupports.Contains("SSIDSIZE", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Smmuv3_refuses_a_CD_table_the_stage2_does_not_map()
    {
        var (h, vm, _) = Smmu();
        var cfg = GuestStage1Config.ForSmmuv3(1UL | (5UL << 1) | 0x80_0000, 0);
        AssertOnlyReason(h.Bind(Sid1, vm, cfg), "base_ptr", "not mapped");
    }

    [Fact]
    public void Smmuv3_refuses_a_CD_table_beyond_the_IPA_size()
    {
        var (h, vm, _) = Smmu(ipaBits: 40);
        var cfg = GuestStage1Config.ForSmmuv3(1UL | (5UL << 1) | (1UL << 41), 0);
        AssertOnlyReason(h.Bind(Sid1, vm, cfg), "base_ptr", "2^40");
    }

    [Fact]
    public void Smmuv3_refuses_asid_bits_beyond_the_host()
    {
        var (h, vm, g) = Smmu(Smmuv3Capabilities.Default with { Asid16 = false });
        AssertOnlyReason(h.Bind(Sid1, vm, SteConfig(g) with { AsidBits = 16 }), "asid_bits", "0..8");
    }

    [Fact]
    public void Unknown_version_format_and_bytes_are_refused()
    {
        var (h, vm, g) = Smmu();
        AssertOnlyReason(h.Bind(Sid1, vm, SteConfig(g) with { Version = 2 }), "version", "version 2");
        AssertOnlyReason(h.Bind(Sid1, vm, SteConfig(g) with { Bytes = 24 }), "bytes", "40");
        var wrongFormat = h.Bind(Sid1, vm, SteConfig(g) with { Format = NestingVendor.IntelVtd });
        Assert.Contains(wrongFormat.Rejections, x => x.Field == "format");
    }

    [Fact]
    public void Every_reason_is_reported_not_just_the_first()
    {
        var (h, vm, g) = Smmu();
        var cfg = SteConfig(g, extra0: 1UL << 52, extra1: (2UL << 28) | (1UL << 19)) with { Version = 7, AsidBits = 20 };
        var fields = h.Bind(Sid1, vm, cfg).Rejections.Select(x => x.Field).ToHashSet();
        Assert.Superset(new[] { "version", "ste[0]", "ste[1]", "EATS", "asid_bits" }.ToHashSet(), fields);
        Assert.Equal(5, fields.Count);
    }

    [Fact]
    public void Vtd_refuses_an_address_width_other_than_48_or_57()
    {
        var (h, vm, g) = Vtd();
        AssertOnlyReason(h.Bind(Rid, vm, GuestStage1Config.ForVtd(g.BasePointer, addressWidth: 39)), "addr_width", "39");
    }

    [Fact]
    public void Vtd_refuses_57_bits_without_FS5LP()
    {
        var (h, vm, g) = Vtd(new VtdCapabilities { FirstStage5Level = false });
        AssertOnlyReason(h.Bind(Rid, vm, GuestStage1Config.ForVtd(g.BasePointer, addressWidth: 57)), "addr_width", "FS5LP");
    }

    [Fact]
    public void Vtd_refuses_SRE_without_ECAP_SRS()
    {
        var (h, vm, g) = Vtd(new VtdCapabilities { SupervisorRequests = false });
        AssertOnlyReason(h.Bind(Rid, vm, GuestStage1Config.ForVtd(g.BasePointer, flags: VtdGuestStage1.Sre)), "flags.SRE", "ECAP.SRS");
    }

    [Fact]
    public void Vtd_refuses_EAFE_without_ECAP_EAFS()
    {
        var (h, vm, g) = Vtd(new VtdCapabilities { ExtendedAccessedFlag = false });
        AssertOnlyReason(h.Bind(Rid, vm, GuestStage1Config.ForVtd(g.BasePointer, flags: VtdGuestStage1.Eafe)), "flags.EAFE", "ECAP.EAFS");
    }

    [Fact]
    public void Vtd_refuses_pasid_bits_beyond_the_host_and_an_unmapped_table()
    {
        var (h, vm, _) = Vtd(new VtdCapabilities { PasidBits = 10 });
        var r = h.Bind(Rid, vm, GuestStage1Config.ForVtd(0x80_0000, pasidBits: 11));
        Assert.Equal(new[] { "base_ptr", "pasid_bits" }, r.Rejections.Select(x => x.Field).Order().ToArray());
    }

    [Fact]
    public void Vtd_refuses_asid_bits()
    {
        var (h, vm, g) = Vtd();
        AssertOnlyReason(h.Bind(Rid, vm, GuestStage1Config.ForVtd(g.BasePointer) with { AsidBits = 16 }), "asid_bits", "absent");
    }

    /// <summary>
    /// The nested STE by hand from Linux arm_smmu_make_s2_domain_ste + arm_smmu_make_nested_cd_table_ste:
    /// word 0 = V | CFG 7 (NESTED) | guest word 0 without CFG; word 1 = guest word 1 | MEV (bit 19) | S2FWB (bit 25,
    /// IDR3.FWB); word 2 = VMID 1 | VTCR (T0SZ 16, SL0 2, IR0 1, OR0 1, SH0 3, TG 0, PS 5 = 0x53590) &lt;&lt; 32 |
    /// S2AA64 (51) | S2PTW (54) | S2R (58); word 3 = S2TTB.
    /// </summary>
    [Fact]
    public void Smmuv3_bind_writes_the_nested_STE_Linux_would()
    {
        var (h, vm, g) = Smmu();
        var r = h.Bind(Sid1, vm, SteConfig(g));
        Assert.True(r.Succeeded, r.ToString());
        ulong[] expected =
        [
            0xFUL | g.BasePointer,
            0xD4UL | (1UL << 19) | (1UL << 25),
            1UL | (0x53590UL << 32) | (1UL << 51) | (1UL << 54) | (1UL << 58),
            vm.RootAddress, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, r.Words);
        for (var i = 0; i < 8; i++)
        {
            Assert.True(h.Memory.TryReadUInt64(h.SteAddress(1) + ((ulong)i * 8), out var w));
            Assert.Equal(expected[i], w);
        }

        // Then the config cache is invalidated through the command queue, as Linux arm_smmu_write_ste does.
        Assert.Equal(["CMD_CFGI_STE", "CMD_SYNC"], r.Invalidations.TakeLast(2));
    }

    /// <summary>
    /// The nested PASID entry by hand from Linux pasid_pte_config_nestd: qword 0 = P | AW 2 (4-level, bits 2..4) |
    /// PGTT 3 (bits 6..8) | SSPTPTR; qword 1 = DID; qword 2 = FSPTPTR (the guest GPA) | SRE (bit 128) | WPE (132).
    /// </summary>
    [Fact]
    public void Vtd_bind_writes_the_nested_PASID_entry_Linux_would()
    {
        var (h, vm, g) = Vtd();
        var r = h.Bind(Rid, vm, GuestStage1Config.ForVtd(g.BasePointer, flags: VtdGuestStage1.Sre | VtdGuestStage1.Wpe));
        Assert.True(r.Succeeded, r.ToString());
        ulong[] expected = [vm.RootAddress | 1 | (2 << 2) | (3 << 6), 1, g.BasePointer | 1 | (1 << 4), 0, 0, 0, 0, 0];
        Assert.Equal(expected, r.Words);
        Assert.Contains("PASID_CACHE_INV(PASID)", r.Invalidations);
        Assert.True(h.Memory.TryReadUInt64(h.PasidEntryAddress(0x0008, 0), out var w0));
        Assert.Equal(expected[0], w0);
    }

    [Fact]
    public void Abort_faults_every_request_and_bypass_is_the_stage2_alone()
    {
        foreach (var smmu in new[] { true, false })
        {
            NestingIommu h;
            HostStage2Domain vm;
            GuestStage1Tables g;
            if (smmu)
            {
                (var a, vm, g) = Smmu();
                h = a;
            }
            else
            {
                (var b, vm, g) = Vtd();
                h = b;
            }

            var ep = smmu ? Sid1 : Rid;
            g.Map(0x8000_0000, 0x1000, 0x1000, IommuProt.Read | IommuProt.Write);
            Assert.True(h.Bind(ep, vm, g.BindConfig(GuestStage1Mode.Abort)).Succeeded);
            var aborted = h.Translate(ep.HostId, 0x1000, AccessKind.Read);
            Assert.False(aborted.Ok);
            Assert.Equal(NestedFaultClass.Abort, aborted.FaultClass);

            Assert.True(h.Bind(ep, vm, g.BindConfig(GuestStage1Mode.Bypass)).Succeeded);
            var bypass = h.Translate(ep.HostId, 0x2010, AccessKind.Read);
            Assert.True(bypass.Ok, bypass.ToString());
            Assert.Equal(Ram + 0x2010, bypass.Output); // GPA 0x2010 through the host stage 2 alone

            Assert.True(h.Bind(ep, vm, g.BindConfig()).Succeeded);
            var nested = h.Translate(ep.HostId, 0x8000_0010, AccessKind.Read);
            Assert.Equal(Ram + 0x1010, nested.Output);

            Assert.True(h.Unbind(ep));
            Assert.Equal(NestedFaultClass.Abort, h.Translate(ep.HostId, 0x8000_0010, AccessKind.Read).FaultClass);
        }
    }
}
