using IommuLayouts;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// Caches keep stale answers until the guest invalidates them, as on hardware (Arm IHI 0070 §4.3, §4.4; Linux issues
/// the commands after every change: arm_smmu_tlb_inv_*, arm_smmu_sync_ste_for_sid, arm_smmu_sync_cd). For each command:
/// change a descriptor without invalidating → old answer; the wrong invalidation (other ASID, VMID, address, level,
/// StreamID, SubstreamID) + CMD_SYNC → still old; the right one + CMD_SYNC → new.
/// </summary>
public class InvalidationTests
{
    private const uint Sid = 3;
    private const uint Ssid = 1;
    private const ushort Vmid = 5;
    private const ushort Asid = 0x42;
    private const ulong Va = 0x7_0000_3000;
    private const ulong OldPa = 0x1_0000_0000;
    private const ulong NewPa = 0x2_0000_0000;
    private const ulong CdTable = 0x4E20_0000;

    private sealed class Stage1Fixture
    {
        public Stage1Fixture()
        {
            Bed = new Smmuv3TestBed();
            Tables = Bed.Stage1Tables();
            Tables.Map(Va, OldPa, 0x1000, IommuProt.Read | IommuProt.Write);
            Bed.WriteCd(CdTable + (Ssid * 64), Smmuv3TestBed.Cd(Tables.RootAddress, Asid));
            Bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable, cdMax: 2) with { S2VMID = Vmid });
            Assert.Equal(OldPa + 0x10, Output());
            Leaf = Tables.FindDescriptorAddress(Va, 3)!.Value;

            // Repoint the page without invalidating.
            var pte = Bed.Read64(Leaf);
            Assert.True(Bed.Memory.TryWriteUInt64(Leaf, (pte & ~0xFFFF_FFFF_F000UL) | NewPa));
            Assert.Equal(OldPa + 0x10, Output());
        }

        public Smmuv3TestBed Bed { get; }

        public Vmsa64PageTableBuilder Tables { get; }

        public ulong Leaf { get; }

        public ulong Output() => Bed.Read(Sid, Ssid, Va + 0x10).OutputAddress;

        public void Invalidate<T>(T command)
            where T : struct, IBitLayout<T>
        {
            Bed.Submit(command);
            Bed.Sync();
        }
    }

    private static void Check<T1, T2>(T1 wrong, T2 right)
        where T1 : struct, IBitLayout<T1>
        where T2 : struct, IBitLayout<T2>
    {
        var f = new Stage1Fixture();
        f.Invalidate(wrong);
        Assert.Equal(OldPa + 0x10, f.Output());
        f.Invalidate(right);
        Assert.Equal(NewPa + 0x10, f.Output());
    }

    [Fact]
    public void Tlbi_nh_asid_of_the_cd_asid_removes_the_entry_and_another_asid_does_not() =>
        Check(TlbiNhAsidCommand.Create() with { VMID = Vmid, ASID = Asid + 1 }, TlbiNhAsidCommand.Create() with { VMID = Vmid, ASID = Asid });

    [Fact]
    public void Tlbi_nh_asid_in_another_vmid_leaves_the_entry() =>
        Check(TlbiNhAsidCommand.Create() with { VMID = Vmid + 1, ASID = Asid }, TlbiNhAsidCommand.Create() with { VMID = Vmid, ASID = Asid });

    [Fact]
    public void Tlbi_nh_va_of_the_page_removes_it_and_the_next_page_does_not() =>
        Check(TlbiNhVaCommand.Create() with { VMID = Vmid, ASID = Asid, Address = Va + 0x1000 }, TlbiNhVaCommand.Create() with { VMID = Vmid, ASID = Asid, Address = Va });

    [Fact]
    public void Tlbi_nh_va_with_another_asid_leaves_the_entry() =>
        Check(TlbiNhVaCommand.Create() with { VMID = Vmid, ASID = Asid + 1, Address = Va }, TlbiNhVaCommand.Create() with { VMID = Vmid, ASID = Asid, Address = Va, Leaf = true });

    [Fact]
    public void Tlbi_nh_vaa_matches_every_asid_of_its_vmid_only() =>
        Check(TlbiNhVaaCommand.Create() with { VMID = Vmid + 1, Address = Va }, TlbiNhVaaCommand.Create() with { VMID = Vmid, Address = Va });

    [Fact]
    public void Tlbi_nh_all_matches_its_vmid_only() =>
        Check(TlbiNhAllCommand.Create() with { VMID = Vmid + 1 }, TlbiNhAllCommand.Create() with { VMID = Vmid });

    [Fact]
    public void Tlbi_s12_vmall_matches_its_vmid_only() =>
        Check(TlbiS12VmallCommand.Create() with { VMID = Vmid + 1 }, TlbiS12VmallCommand.Create() with { VMID = Vmid });

    [Fact]
    public void Tlbi_nsnh_all_removes_everything_and_an_ipa_invalidation_leaves_va_entries() =>
        Check(TlbiS2IpaCommand.Create() with { VMID = Vmid, IPA = Va }, TlbiNsnhAllCommand.Create());

    // Range invalidation (IDR3.RIL; Linux __arm_smmu_tlb_inv_range): TG = 1 is 4 KB, (NUM + 1) << SCALE pages.
    [Fact]
    public void Range_tlbi_covering_the_page_removes_it_and_a_range_after_it_does_not() =>
        Check(
            TlbiNhVaCommand.Create() with { VMID = Vmid, ASID = Asid, TG = 1, Num = 3, Scale = 0, Address = Va + 0x1000 },
            TlbiNhVaCommand.Create() with { VMID = Vmid, ASID = Asid, TG = 1, Num = 1, Scale = 1, Address = Va - 0x2000 });

    [Fact]
    public void Range_tlbi_with_the_wrong_ttl_level_leaves_the_page_and_the_right_level_removes_it() =>
        Check(
            TlbiNhVaCommand.Create() with { VMID = Vmid, ASID = Asid, TG = 1, TTL = 2, Address = Va },
            TlbiNhVaCommand.Create() with { VMID = Vmid, ASID = Asid, TG = 1, TTL = 3, Address = Va });

    [Fact]
    public void Range_tlbi_with_the_wrong_granule_leaves_the_page() =>
        Check(
            TlbiNhVaCommand.Create() with { VMID = Vmid, ASID = Asid, TG = 3, Address = Va & ~0xFFFFUL }, // 64 KB granule hint
            TlbiNhVaCommand.Create() with { VMID = Vmid, ASID = Asid, TG = 1, Address = Va });

    [Fact]
    public void Tlbi_s2_ipa_invalidates_stage2_only_entries_by_ipa_and_vmid()
    {
        var bed = new Smmuv3TestBed();
        var s2 = bed.Stage2Tables();
        s2.Map(Va, OldPa, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.WriteSte(Sid, Smmuv3TestBed.S2Ste(s2.RootAddress, Vmid));
        Assert.Equal(OldPa + 8, bed.Read(Sid, Va + 8).OutputAddress);
        var leaf = s2.FindDescriptorAddress(Va, 3)!.Value;
        Assert.True(bed.Memory.TryWriteUInt64(leaf, (bed.Read64(leaf) & ~0xFFFF_FFFF_F000UL) | NewPa));
        Assert.Equal(OldPa + 8, bed.Read(Sid, Va + 8).OutputAddress);

        bed.Submit(TlbiS2IpaCommand.Create() with { VMID = Vmid + 1, IPA = Va });
        bed.Submit(TlbiS2IpaCommand.Create() with { VMID = Vmid, IPA = Va + 0x1000 });
        bed.Submit(TlbiNhAllCommand.Create() with { VMID = Vmid });
        bed.Sync();
        Assert.Equal(OldPa + 8, bed.Read(Sid, Va + 8).OutputAddress);

        bed.Submit(TlbiS2IpaCommand.Create() with { VMID = Vmid, IPA = Va });
        bed.Sync();
        Assert.Equal(NewPa + 8, bed.Read(Sid, Va + 8).OutputAddress);
    }

    /// <summary>Config fixture: the STE is turned into an abort STE without invalidation; the cached config keeps translating.</summary>
    private static Smmuv3TestBed ConfigFixture()
    {
        var f = new Stage1Fixture();
        f.Invalidate(TlbiNsnhAllCommand.Create());
        Assert.Equal(NewPa + 0x10, f.Output());
        f.Bed.WriteSte(Sid, new StreamTableEntry { V = true, Config = SteConfig.Abort });
        Assert.Equal(Emulator.Smmuv3.Smmuv3Outcome.Translated, Smmuv3Outcome(f.Bed));
        return f.Bed;
    }

    private static Emulator.Smmuv3.Smmuv3Outcome Smmuv3Outcome(Smmuv3TestBed bed) => bed.Read(Sid, Ssid, Va).Outcome;

    private static void CheckConfig<T1, T2>(T1 wrong, T2 right)
        where T1 : struct, IBitLayout<T1>
        where T2 : struct, IBitLayout<T2>
    {
        var bed = ConfigFixture();
        bed.Submit(wrong);
        bed.Sync();
        Assert.Equal(Emulator.Smmuv3.Smmuv3Outcome.Translated, Smmuv3Outcome(bed));
        bed.Submit(right);
        bed.Sync();
        Assert.Equal(Emulator.Smmuv3.Smmuv3Outcome.Aborted, Smmuv3Outcome(bed));
    }

    [Fact]
    public void Cfgi_ste_of_the_stream_rereads_it_and_of_another_stream_does_not() =>
        CheckConfig(CfgiSteCommand.Create() with { StreamID = Sid + 1 }, CfgiSteCommand.Create() with { StreamID = Sid, Leaf = true });

    [Fact]
    public void Cfgi_ste_range_covering_the_stream_rereads_it() =>
        CheckConfig(CfgiSteRangeCommand.Create() with { StreamID = 4, Range = 1 }, CfgiSteRangeCommand.Create() with { StreamID = 0, Range = 1 }); // SIDs 4..7, then 0..3

    [Fact]
    public void Cfgi_all_is_range_31() =>
        CheckConfig(CfgiCdCommand.Create() with { StreamID = Sid, SubstreamID = Ssid + 1 }, CfgiSteRangeCommand.Create() with { Range = 31 });

    [Fact]
    public void Cfgi_cd_all_of_the_stream_rereads_its_configuration() =>
        CheckConfig(CfgiCdAllCommand.Create() with { StreamID = Sid + 1 }, CfgiCdAllCommand.Create() with { StreamID = Sid });

    [Fact]
    public void Cfgi_cd_of_the_substream_rereads_the_cd_and_of_another_substream_does_not()
    {
        var f = new Stage1Fixture();
        f.Invalidate(TlbiNsnhAllCommand.Create());

        // New tables under a new ASID in the same CD slot: the cached CD still points at the old ones.
        var other = f.Bed.Stage1Tables();
        other.Map(Va, 0x3_0000_0000, 0x1000, IommuProt.Read);
        f.Bed.WriteCd(CdTable + (Ssid * 64), Smmuv3TestBed.Cd(other.RootAddress, Asid + 7));
        Assert.Equal(NewPa + 0x10, f.Output());

        f.Invalidate(CfgiCdCommand.Create() with { StreamID = Sid, SubstreamID = Ssid + 1 });
        f.Invalidate(CfgiCdCommand.Create() with { StreamID = Sid + 1, SubstreamID = Ssid });
        Assert.Equal(NewPa + 0x10, f.Output());

        f.Invalidate(CfgiCdCommand.Create() with { StreamID = Sid, SubstreamID = Ssid, Leaf = true });
        Assert.Equal(0x3_0000_0010UL, f.Output());
    }

    [Fact]
    public void Nested_stage2_entries_stay_until_tlbi_s2_ipa_even_after_the_stage1_entry_goes()
    {
        // Linux arm_smmu_tlb_inv_range_domain for a nested/S2 domain: TLBI_S2_IPA for the IPA, then the stage-1 entries.
        var bed = new Smmuv3TestBed();
        var s2 = bed.Stage2Tables();
        var s1 = bed.Stage1Tables();
        const ulong ipa = 0x6_0000_0000;
        s1.Map(Va, ipa, 0x1000, IommuProt.Read);
        s2.Map(ipa, OldPa, 0x1000, IommuProt.Read);
        s2.Map(CdTable, CdTable, 0x1000, IommuProt.Read);
        s2.Map(Smmuv3TestBed.TablePool, Smmuv3TestBed.TablePool, 0x20_0000, IommuProt.Read);
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(s1.RootAddress, Asid));
        bed.WriteSte(Sid, Smmuv3TestBed.S2Ste(s2.RootAddress, Vmid, SteConfig.Nested, CdTable));
        Assert.Equal(OldPa + 8, bed.Read(Sid, Va + 8).OutputAddress);

        var leaf = s2.FindDescriptorAddress(ipa, 3)!.Value;
        Assert.True(bed.Memory.TryWriteUInt64(leaf, (bed.Read64(leaf) & ~0xFFFF_FFFF_F000UL) | NewPa));
        var stage1Only = TlbiNhVaCommand.Create() with { VMID = Vmid, ASID = Asid, Address = Va };

        bed.Submit(stage1Only);
        bed.Sync();
        Assert.Equal(OldPa + 8, bed.Read(Sid, Va + 8).OutputAddress); // the stage-2 entry of the IPA is still cached

        bed.Submit(TlbiS2IpaCommand.Create() with { VMID = Vmid, IPA = ipa + 0x1000 });
        bed.Submit(stage1Only);
        bed.Sync();
        Assert.Equal(OldPa + 8, bed.Read(Sid, Va + 8).OutputAddress);

        bed.Submit(TlbiS2IpaCommand.Create() with { VMID = Vmid, IPA = ipa });
        bed.Submit(stage1Only);
        bed.Sync();
        Assert.Equal(NewPa + 8, bed.Read(Sid, Va + 8).OutputAddress);
    }
}
