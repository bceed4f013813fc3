using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// QEMU's SMMUv3 qtest (tests/qtest/iommu-smmuv3-test.c with libqos/qos-smmuv3.c): a device DMAs to IOVA
/// QSMMU_IOVA = 0x8080604567 and the SMMU must output 0x4ECBA567, for stage 1 only, stage 2 only and nested, with
/// the qtest's STE (S2T0SZ 0x14, SL0 2, 4 KB, S2PS 48) and CD (ASID 0x1e20, T0SZ 0x10, IPS 44, R, A). The tables are
/// built with the page-table builder; in the nested case stage 2 maps the stage-1 tables and the CD identity, as
/// qsmmu_setup_s2_walk_for_ipa does.
/// </summary>
public class QtestVectorTests
{
    private const ulong Iova = 0x80_8060_4567;   // QSMMU_IOVA
    private const ulong Expected = 0x4ECB_A567;  // the address the qtest checks the DMA landed at
    private const uint Sid = 0x10;               // any StreamID below 2^5 (STRTAB_BASE_CFG LOG2SIZE 5)

    [Fact]
    public void Stage1_only_translates_the_qtest_iova()
    {
        var bed = new Smmuv3TestBed();
        var s1 = bed.Stage1Tables();
        s1.Map(Iova & ~0xFFFUL, Expected & ~0xFFFUL, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.WriteCd(Smmuv3TestBed.QtestCd, Smmuv3TestBed.Cd(s1.RootAddress));
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(Smmuv3TestBed.QtestCd));

        var r = bed.Read(Sid, Iova);

        Assert.Equal(Smmuv3Outcome.Translated, r.Outcome);
        Assert.Equal(Expected, r.OutputAddress);
        Assert.Equal(0x1000UL, r.PageSize);
        Assert.Empty(bed.DrainEvents());
    }

    [Fact]
    public void Stage2_only_translates_the_qtest_iova()
    {
        var bed = new Smmuv3TestBed();
        var s2 = bed.Stage2Tables();
        s2.Map(Iova & ~0xFFFUL, Expected & ~0xFFFUL, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.WriteSte(Sid, Smmuv3TestBed.S2Ste(s2.RootAddress));

        var r = bed.Read(Sid, Iova);

        Assert.Equal(Smmuv3Outcome.Translated, r.Outcome);
        Assert.Equal(Expected, r.OutputAddress);
        Assert.Empty(bed.DrainEvents());
    }

    [Fact]
    public void Nested_translates_the_qtest_iova_through_both_stages()
    {
        var bed = new Smmuv3TestBed();
        var s2 = bed.Stage2Tables();
        var s1 = bed.Stage1Tables();

        // Stage 1 maps the IOVA to an IPA; stage 2 maps that IPA to the expected PA and maps the CD and every stage-1
        // table identity (the qtest's "extra Stage 2 page tables ... SMMU_CLASS_CD").
        const ulong ipa = 0x7_0ECB_A000;
        s1.Map(Iova & ~0xFFFUL, ipa, 0x1000, IommuProt.Read | IommuProt.Write);
        s2.Map(ipa, Expected & ~0xFFFUL, 0x1000, IommuProt.Read | IommuProt.Write);
        s2.Map(0x4E00_0000, 0x4E00_0000, 0x20_0000, IommuProt.Read | IommuProt.Write);
        s2.Map(Smmuv3TestBed.TablePool, Smmuv3TestBed.TablePool, 0x20_0000, IommuProt.Read | IommuProt.Write);
        bed.WriteCd(Smmuv3TestBed.QtestCd, Smmuv3TestBed.Cd(s1.RootAddress));
        bed.WriteSte(Sid, Smmuv3TestBed.S2Ste(s2.RootAddress, config: SteConfig.Nested, cdTable: Smmuv3TestBed.QtestCd));

        var r = bed.Read(Sid, Iova);

        Assert.Equal(Smmuv3Outcome.Translated, r.Outcome);
        Assert.Equal(Expected, r.OutputAddress);
        Assert.Empty(bed.DrainEvents());
    }
}
