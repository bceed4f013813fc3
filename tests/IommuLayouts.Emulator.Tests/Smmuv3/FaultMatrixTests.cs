using System;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// Every event the model raises, each from a minimal setup, with the whole record compared word for word against one
/// built from the architecture's field list (Arm IHI 0070 §7.3 as summarised in shared/reference/smmuv3.md §d: Linux
/// arm-smmu-v3.h EVTQ_* and QEMU smmuv3_record_event): StreamID, SSV/SubstreamID, InputAddr, RnW (1 = read), PnU
/// (1 = privileged), InD (1 = instruction), S2, CLASS (0 CD, 1 TT, 2 IN), IPA / FetchAddr. The record the result carries
/// must also be the one written to the event queue.
/// </summary>
public class FaultMatrixTests
{
    private const uint Sid = 1;
    private const ulong Va = 0x12_3456_7000;
    private const ulong Pa = 0x4_5678_9000;
    private const ulong CdTable = 0x4E20_0000;

    private static EventRecord Expected(
        EventType type, uint sid = Sid, uint? ssid = null, ulong input = 0, bool read = false, bool privileged = false, bool instruction = false,
        bool s2 = false, EventClass cls = EventClass.CD, ulong ipa = 0, ulong fetch = 0, bool ttRead = false)
    {
        var e = new EventRecord { EventID = type, StreamID = sid, InputAddr = input, RnW = read, PnU = privileged, InD = instruction, S2 = s2, CLASS = cls, TTRnW = ttRead };
        if (ssid is { } s)
        {
            e.SSV = true;
            e.SubstreamID = s;
        }

        if (ipa != 0)
        {
            e.Ipa = ipa;
        }

        if (fetch != 0)
        {
            e.FetchAddr = fetch;
        }

        return e;
    }

    private static void AssertRecorded(Smmuv3TestBed bed, Smmuv3Result r, EventRecord expected)
    {
        Assert.Equal(Smmuv3Outcome.Faulted, r.Outcome);
        Assert.True(r.EventRecorded);
        AssertSame(expected, r.Event);
        var events = bed.DrainEvents();
        Assert.Single(events);
        AssertSame(expected, events[0]);
    }

    private static void AssertSame(EventRecord expected, EventRecord actual)
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.True(expected.GetWord(i) == actual.GetWord(i), $"word {i}: expected {expected}, got {actual}");
        }
    }

    /// <summary>A stage-1 stream: STE → CD at <see cref="CdTable"/> → 4 KB tables mapping Va → Pa read/write.</summary>
    private static (Smmuv3TestBed Bed, Vmsa64PageTableBuilder S1) Stage1Stream(Smmuv3Capabilities? caps = null, IommuProt prot = IommuProt.Read | IommuProt.Write, bool record = true)
    {
        var bed = new Smmuv3TestBed(caps);
        var s1 = bed.Stage1Tables();
        s1.Map(Va, Pa, 0x1000, prot);
        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(s1.RootAddress) with { R = record });
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable));
        return (bed, s1);
    }

    [Fact]
    public void StreamId_beyond_the_stream_table_is_C_BAD_STREAMID()
    {
        var bed = new Smmuv3TestBed();
        var r = bed.Smmu.Translate(new Smmuv3Request(0x20, 3, Va, AccessKind.Read));
        AssertRecorded(bed, r, Expected(EventType.C_BAD_STREAMID, sid: 0x20, ssid: 3));
    }

    [Fact]
    public void Abort_reading_the_ste_is_F_STE_FETCH_with_the_address()
    {
        var bed = new Smmuv3TestBed();
        bed.Memory.AddFaultRegion(Smmuv3TestBed.StreamTable + (2 * 64), 64, MemoryFaults.Read);
        var r = bed.Read(2, Va);
        AssertRecorded(bed, r, Expected(EventType.F_STE_FETCH, sid: 2, fetch: Smmuv3TestBed.StreamTable + 128));
    }

    [Fact]
    public void Invalid_ste_is_C_BAD_STE()
    {
        var bed = new Smmuv3TestBed();
        var r = bed.Read(3, Va);
        AssertRecorded(bed, r, Expected(EventType.C_BAD_STE, sid: 3));
    }

    public static TheoryData<string> IllegalStes => new() { "res0", "aarch32", "cdmax", "granule", "stage1-missing", "strw", "s2ps-ttb" };

    [Theory]
    [MemberData(nameof(IllegalStes))]
    public void Ste_the_smmu_cannot_honour_is_C_BAD_STE(string what)
    {
        var caps = what switch
        {
            "cdmax" => Smmuv3Capabilities.Default with { SubstreamIdBits = 4 },
            "granule" => Smmuv3Capabilities.Default with { Granule16K = false },
            "stage1-missing" => Smmuv3Capabilities.Default with { Stage1 = false },
            "s2ps-ttb" => Smmuv3Capabilities.Default with { OutputAddressBits = 40 },
            _ => Smmuv3Capabilities.Default,
        };
        var bed = new Smmuv3TestBed(caps);
        var ste = what switch
        {
            "cdmax" => Smmuv3TestBed.S1Ste(CdTable, cdMax: 5),
            "stage1-missing" => Smmuv3TestBed.S1Ste(CdTable),
            "strw" => Smmuv3TestBed.S1Ste(CdTable) with { STRW = SteStreamWorld.El2 },
            "aarch32" => Smmuv3TestBed.S2Ste(0x4E40_0000) with { S2AA64 = false },
            "granule" => Smmuv3TestBed.S2Ste(0x4E40_0000) with { S2TG = Tg0Granule.Size16K, S2SL0 = 1 },
            "s2ps-ttb" => Smmuv3TestBed.S2Ste(0x100_0000_0000), // S2TTB at 2^40 with OAS 40
            _ => Smmuv3TestBed.S1Ste(CdTable),
        };
        bed.WriteSte(Sid, ste);
        if (what == "res0")
        {
            // STE dword 4 is RES0 in both sources (specs NOTES "fields no source defines are RES0").
            Assert.True(bed.Memory.TryWriteUInt64(Smmuv3TestBed.StreamTable + (Sid * 64) + 32, 1));
        }

        var r = bed.Read(Sid, Va);
        AssertRecorded(bed, r, Expected(EventType.C_BAD_STE));
    }

    [Fact]
    public void No_substream_with_S1DSS_terminate_is_F_STREAM_DISABLED()
    {
        var bed = new Smmuv3TestBed();
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable, cdMax: 2, dss: SteS1Dss.Terminate));
        var r = bed.Read(Sid, Va);
        AssertRecorded(bed, r, Expected(EventType.F_STREAM_DISABLED));
    }

    [Theory]
    [InlineData(2, 4u)]  // 4 CDs, SubstreamID 4
    [InlineData(0, 1u)]  // one CD: no SubstreamIDs at all
    public void Substream_beyond_the_cd_table_is_C_BAD_SUBSTREAMID(byte cdMax, uint ssid)
    {
        var bed = new Smmuv3TestBed();
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable, cdMax: cdMax));
        var r = bed.Read(Sid, ssid, Va);
        AssertRecorded(bed, r, Expected(EventType.C_BAD_SUBSTREAMID, ssid: ssid));
    }

    [Fact]
    public void Invalid_l1cd_is_C_BAD_SUBSTREAMID()
    {
        var bed = new Smmuv3TestBed();
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable, cdMax: 12, fmt: SteS1Format.TwoLevel64K));
        var r = bed.Read(Sid, 2048, Va);
        AssertRecorded(bed, r, Expected(EventType.C_BAD_SUBSTREAMID, ssid: 2048));
    }

    [Fact]
    public void Abort_reading_the_cd_is_F_CD_FETCH_with_the_address()
    {
        var bed = new Smmuv3TestBed();
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable, cdMax: 3));
        bed.Memory.AddFaultRegion(CdTable + (5 * 64), 64, MemoryFaults.Read);
        var r = bed.Read(Sid, 5, Va);
        AssertRecorded(bed, r, Expected(EventType.F_CD_FETCH, ssid: 5, fetch: CdTable + (5 * 64)));
    }

    public static TheoryData<string> IllegalCds => new() { "invalid", "aarch32", "granule", "tsz", "stall", "httu", "raz-wi" };

    [Theory]
    [MemberData(nameof(IllegalCds))]
    public void Cd_the_smmu_cannot_honour_is_C_BAD_CD(string what)
    {
        var bed = new Smmuv3TestBed(what switch
        {
            "granule" => Smmuv3Capabilities.Default with { Granule64K = false },
            "httu" => Smmuv3Capabilities.Default with { HardwareTableUpdate = 0 }, // HA needs IDR0.HTTU >= 1
            _ => null,
        });
        var cd = Smmuv3TestBed.Cd(0x4E40_0000);
        cd = what switch
        {
            "invalid" => cd with { V = false },
            "aarch32" => cd with { AA64 = false },
            "granule" => cd with { TG0 = Tg0Granule.Size64K },
            "tsz" => cd with { T0SZ = 12 },
            "stall" => cd with { S = true },
            "raz-wi" => cd with { A = false }, // TERM_MODEL = 1 (QEMU decode_cd: "SMMU_IDR0.TERM_MODEL == 1")
            _ => cd with { HA = true },
        };
        bed.WriteCd(CdTable, cd);
        bed.WriteSte(Sid, Smmuv3TestBed.S1Ste(CdTable));
        var r = bed.Read(Sid, Va);
        AssertRecorded(bed, r, Expected(EventType.C_BAD_CD));
    }

    [Fact]
    public void Unmapped_address_is_F_TRANSLATION_class_IN()
    {
        var (bed, _) = Stage1Stream();
        var r = bed.Read(Sid, Va + 0x1000, privileged: true);
        AssertRecorded(bed, r, Expected(EventType.F_TRANSLATION, input: Va + 0x1000, read: true, privileged: true, cls: EventClass.IN));
    }

    [Fact]
    public void Output_beyond_IPS_is_F_ADDR_SIZE()
    {
        var (bed, s1) = Stage1Stream();
        s1.Map(Va + 0x1000, 1UL << 44, 0x1000, IommuProt.Read); // CD.IPS = 44 bits
        var r = bed.Read(Sid, Va + 0x1000);
        AssertRecorded(bed, r, Expected(EventType.F_ADDR_SIZE, input: Va + 0x1000, read: true, cls: EventClass.IN));
    }

    [Fact]
    public void Leaf_without_AF_is_F_ACCESS()
    {
        var (bed, s1) = Stage1Stream();
        var leaf = s1.FindDescriptorAddress(Va, 3)!.Value;
        Assert.True(bed.Memory.TryWriteUInt64(leaf, bed.Read64(leaf) & ~(1UL << 10)));
        var r = bed.Read(Sid, Va + 0x10);
        AssertRecorded(bed, r, Expected(EventType.F_ACCESS, input: Va + 0x10, read: true, cls: EventClass.IN));
    }

    [Fact]
    public void Write_to_read_only_page_is_F_PERMISSION_with_RnW_clear()
    {
        var (bed, _) = Stage1Stream(prot: IommuProt.Read);
        var r = bed.Smmu.Translate(new Smmuv3Request(Sid, Va + 8, AccessKind.Write));
        AssertRecorded(bed, r, Expected(EventType.F_PERMISSION, input: Va + 8, cls: EventClass.IN));
    }

    [Fact]
    public void Instruction_fetch_from_execute_never_page_is_F_PERMISSION_with_InD()
    {
        var (bed, _) = Stage1Stream(prot: IommuProt.Read | IommuProt.NoExec);
        var r = bed.Smmu.Translate(new Smmuv3Request(Sid, 7, Va, AccessKind.InstructionFetch, privileged: true));

        // A SubstreamID on a one-CD stream is C_BAD_SUBSTREAMID first: use the transaction without one.
        Assert.Equal(EventType.C_BAD_SUBSTREAMID, r.EventType);
        bed.DrainEvents();
        r = bed.Smmu.Translate(new Smmuv3Request(Sid, Va, AccessKind.InstructionFetch, privileged: true));
        AssertRecorded(bed, r, Expected(EventType.F_PERMISSION, input: Va, read: true, privileged: true, instruction: true, cls: EventClass.IN));
    }

    [Fact]
    public void Abort_reading_a_stage1_table_is_F_WALK_EABT_class_TT_with_the_descriptor_address()
    {
        var (bed, s1) = Stage1Stream();
        var l1 = s1.FindDescriptorAddress(Va, 1)!.Value;
        bed.Memory.AddFaultRegion(l1 & ~0xFFFUL, 0x1000, MemoryFaults.Read);
        var r = bed.Read(Sid, Va);
        AssertRecorded(bed, r, Expected(EventType.F_WALK_EABT, input: Va, read: true, cls: EventClass.TT, fetch: l1, ttRead: true));
    }

    [Fact]
    public void Stage1_fault_with_CD_R_clear_is_not_recorded()
    {
        var (bed, _) = Stage1Stream(record: false);
        var r = bed.Read(Sid, Va + 0x1000);
        Assert.Equal(EventType.F_TRANSLATION, r.EventType);
        Assert.False(r.EventRecorded);
        Assert.Empty(bed.DrainEvents());
    }

    /// <summary>A nested stream whose stage 2 maps only what <paramref name="mapCd"/>/<paramref name="mapTables"/>/<paramref name="mapOutput"/> say.</summary>
    private static Smmuv3TestBed Nested(bool mapCd, bool mapTables, bool mapOutput, out ulong ipa, out Vmsa64PageTableBuilder s1)
    {
        var bed = new Smmuv3TestBed();
        var s2 = bed.Stage2Tables();
        s1 = bed.Stage1Tables();
        ipa = 0x6_0000_0000;
        s1.Map(Va, ipa, 0x1000, IommuProt.Read | IommuProt.Write);
        if (mapOutput)
        {
            s2.Map(ipa, Pa, 0x1000, IommuProt.Read | IommuProt.Write);
        }

        if (mapCd)
        {
            s2.Map(CdTable, CdTable, 0x1000, IommuProt.Read);
        }

        if (mapTables)
        {
            s2.Map(Smmuv3TestBed.TablePool, Smmuv3TestBed.TablePool, 0x20_0000, IommuProt.Read);
        }

        bed.WriteCd(CdTable, Smmuv3TestBed.Cd(s1.RootAddress));
        bed.WriteSte(Sid, Smmuv3TestBed.S2Ste(s2.RootAddress, config: SteConfig.Nested, cdTable: CdTable));
        return bed;
    }

    [Fact]
    public void Nested_stage2_fault_on_the_cd_fetch_is_class_CD_with_the_cd_ipa()
    {
        var bed = Nested(mapCd: false, mapTables: true, mapOutput: true, out _, out _);
        var r = bed.Read(Sid, Va);
        AssertRecorded(bed, r, Expected(EventType.F_TRANSLATION, input: Va, read: true, s2: true, cls: EventClass.CD, ipa: CdTable, ttRead: true));
    }

    [Fact]
    public void Nested_stage2_fault_on_a_stage1_table_is_class_TT_with_the_table_ipa()
    {
        var bed = Nested(mapCd: true, mapTables: false, mapOutput: true, out _, out var s1);
        var r = bed.Read(Sid, Va);

        // The first stage-1 read is the level-0 descriptor in the root table.
        var l0 = s1.FindDescriptorAddress(Va, 0)!.Value;
        AssertRecorded(bed, r, Expected(EventType.F_TRANSLATION, input: Va, read: true, s2: true, cls: EventClass.TT, ipa: l0 & ~0xFFFUL, ttRead: true));
    }

    [Fact]
    public void Nested_stage2_fault_on_the_output_is_class_IN_with_the_output_ipa()
    {
        var bed = Nested(mapCd: true, mapTables: true, mapOutput: false, out var ipa, out _);
        var r = bed.Smmu.Translate(new Smmuv3Request(Sid, Va + 0x234, AccessKind.Write));
        AssertRecorded(bed, r, Expected(EventType.F_TRANSLATION, input: Va + 0x234, s2: true, cls: EventClass.IN, ipa: ipa));
    }

    [Fact]
    public void Stage2_only_permission_fault_reports_the_ipa_and_S2()
    {
        var bed = new Smmuv3TestBed();
        var s2 = bed.Stage2Tables();
        s2.Map(Va, Pa, 0x1000, IommuProt.Read);
        bed.WriteSte(Sid, Smmuv3TestBed.S2Ste(s2.RootAddress));
        var r = bed.Smmu.Translate(new Smmuv3Request(Sid, Va + 0x18, AccessKind.Write));
        AssertRecorded(bed, r, Expected(EventType.F_PERMISSION, input: Va + 0x18, s2: true, cls: EventClass.IN, ipa: Va));
    }

    [Fact]
    public void Stage2_fault_with_S2R_clear_is_not_recorded()
    {
        var bed = new Smmuv3TestBed();
        var s2 = bed.Stage2Tables();
        bed.WriteSte(Sid, Smmuv3TestBed.S2Ste(s2.RootAddress) with { S2R = false });
        var r = bed.Read(Sid, Va);
        Assert.Equal(EventType.F_TRANSLATION, r.EventType);
        Assert.False(r.EventRecorded);
        Assert.Empty(bed.DrainEvents());
    }

    [Fact]
    public void Ats_translated_transaction_on_a_stream_with_EATS_abort_is_F_TRANSL_FORBIDDEN()
    {
        var (bed, _) = Stage1Stream();
        var r = bed.Smmu.Translate(new Smmuv3Request(Sid, Pa, AccessKind.Write) { AtsTranslated = true });
        AssertRecorded(bed, r, Expected(EventType.F_TRANSL_FORBIDDEN, input: Pa));
    }

    [Fact]
    public void Ats_translated_transaction_without_ATS_is_F_UUT()
    {
        var (bed, _) = Stage1Stream(Smmuv3Capabilities.Default with { Ats = false });
        var r = bed.Smmu.Translate(new Smmuv3Request(Sid, Pa, AccessKind.Read) { AtsTranslated = true });
        AssertRecorded(bed, r, Expected(EventType.F_UUT, input: Pa, read: true));
    }

    [Fact]
    public void Abort_ste_and_gbpa_abort_terminate_without_event()
    {
        var bed = new Smmuv3TestBed();
        bed.WriteSte(Sid, new StreamTableEntry { V = true, Config = SteConfig.Abort });
        Assert.Equal(Smmuv3Outcome.Aborted, bed.Read(Sid, Va).Outcome);

        bed.W32(Smmuv3RegisterMap.Cr0, 0);
        bed.W32(Smmuv3RegisterMap.Gbpa, 0x8010_0000); // UPDATE | ABORT
        Assert.Equal(Smmuv3Outcome.Aborted, bed.Read(Sid, Va).Outcome);
        Assert.Empty(bed.DrainEvents());
    }
}
