using System.Threading;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using Xunit;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// The per-thread last translation checked before the cache probes (issue 12) answers only what the TLB would: each
/// test first makes a translation the last one of this thread (two reads of the page), then changes one thing the
/// answer depends on.
/// </summary>
public class LastTranslationTests
{
    private const uint Sid = 3;
    private const ulong Va = 0x7_0000_3000;
    private const ulong Pa = 0x1_0000_0000;
    private const ulong CdTable = 0x4E20_0000;

    private static Smmuv3TestBed Bed(ulong pa = Pa, IommuProt prot = IommuProt.Read | IommuProt.Write)
    {
        var bed = new Smmuv3TestBed();
        var tables = bed.Stage1Tables();
        tables.Map(Va, pa, 0x1000, prot);
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(tables.RootAddress));
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable));
        Assert.Equal(pa + 0x10, bed.Read(Sid, Va + 0x10).OutputAddress);
        Assert.Equal(pa + 0x20, bed.Read(Sid, Va + 0x20).OutputAddress);
        return bed;
    }

    [Fact]
    public void Disabling_the_smmu_bypasses_at_once()
    {
        var bed = Bed();
        bed.W32(R.Cr0, 0);
        var result = bed.Read(Sid, Va + 0x10);
        Assert.Equal(Smmuv3Outcome.Bypassed, result.Outcome);
        Assert.Equal(Va + 0x10, result.OutputAddress);
    }

    [Fact]
    public void A_write_to_a_read_only_page_faults_after_reads_of_it()
    {
        var bed = Bed(prot: IommuProt.Read);
        var write = bed.Smmu.Translate(new Smmuv3Request(Sid, Va + 0x10, AccessKind.Write));
        Assert.Equal(Smmuv3Outcome.Faulted, write.Outcome);
    }

    [Fact]
    public void Another_page_another_stream_and_an_ats_translated_request_are_not_answered_by_it()
    {
        var bed = Bed();
        Assert.Equal(Smmuv3Outcome.Faulted, bed.Read(Sid, Va + 0x1010).Outcome);
        Assert.NotEqual(Smmuv3Outcome.Translated, bed.Read(Sid + 1, Va + 0x10).Outcome);
        var ats = bed.Smmu.Translate(new Smmuv3Request(Sid, Va + 0x10, AccessKind.Read) { AtsTranslated = true });
        Assert.NotEqual(Pa + 0x10, ats.OutputAddress);
    }

    [Fact]
    public void Two_devices_on_one_thread_each_answer_from_their_own_tables()
    {
        var first = Bed(Pa);
        var second = Bed(Pa * 2);
        Assert.Equal(Pa + 0x10, first.Read(Sid, Va + 0x10).OutputAddress);
        Assert.Equal((Pa * 2) + 0x10, second.Read(Sid, Va + 0x10).OutputAddress);
        Assert.Equal(Pa + 0x18, first.Read(Sid, Va + 0x18).OutputAddress);
    }

    [Fact]
    public void An_invalidation_on_another_thread_is_seen_by_the_next_translation_here()
    {
        var bed = new Smmuv3TestBed();
        var tables = bed.Stage1Tables();
        tables.Map(Va, Pa, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(tables.RootAddress));
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable));
        Assert.Equal(Pa + 0x10, bed.Read(Sid, Va + 0x10).OutputAddress);
        Assert.Equal(Pa + 0x10, bed.Read(Sid, Va + 0x10).OutputAddress);

        var leaf = tables.FindDescriptorAddress(Va, 3)!.Value;
        Assert.True(bed.Memory.TryWriteUInt64(leaf, (bed.Read64(leaf) & ~0xFFFF_FFFF_F000UL) | (Pa * 2)));
        Assert.Equal(Pa + 0x10, bed.Read(Sid, Va + 0x10).OutputAddress); // stale until invalidated, as on hardware

        var other = new Thread(() =>
        {
            bed.Submit(TlbiNhAllCommand.Create());
            bed.Sync();
        });
        other.Start();
        other.Join();
        Assert.Equal((Pa * 2) + 0x10, bed.Read(Sid, Va + 0x10).OutputAddress);
    }
}
