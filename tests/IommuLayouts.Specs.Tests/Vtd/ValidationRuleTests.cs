using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

/// <summary>
/// For every rule, an entry that breaks only that rule and the exact violation reported; and the entries that
/// must not be reported because the rule is not live in them.
/// </summary>
public sealed class ValidationRuleTests
{
    // A valid present second-stage PASID entry to break one rule at a time (Linux pass-through/SS shape).
    private static PasidEntry PresentPasidEntry(PasidGranularTranslationType pgtt)
    {
        var e = default(PasidEntry);
        e.Present = true;
        e.TranslationType = pgtt;
        e.AddressWidth = 2;
        e.DomainId = 1;
        return e;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Pasid_entry_with_reserved_pgtt(int pgtt)
    {
        var e = PresentPasidEntry(PasidGranularTranslationType.SecondStage);
        e.Pgtt = (PasidGranularTranslationType)pgtt;
        ViolationAssert.Single(e.Validate(), "PASID.PGTT", 6, 8, $"PGTT = {pgtt} is a reserved translation type");
    }

    [Fact]
    public void Non_present_pasid_entry_is_not_interpreted()
    {
        // A cleared entry (Linux pasid_clear_entry) and a non-present one with reserved PGTT/FSPM encodings are valid:
        // the walk stops at P = 0 (fault 0x59) before reading them.
        ViolationAssert.Valid(default(PasidEntry).Validate());
        var e = default(PasidEntry);
        e.Pgtt = (PasidGranularTranslationType)7;
        e.Fspm = (FirstStagePagingMode)3;
        ViolationAssert.Valid(e.Validate());
    }

    [Theory]
    [InlineData(PasidGranularTranslationType.FirstStage, 2)]
    [InlineData(PasidGranularTranslationType.Nested, 3)]
    public void First_stage_pasid_entry_with_reserved_fspm(PasidGranularTranslationType pgtt, int fspm)
    {
        var e = PresentPasidEntry(pgtt);
        e.Fspm = (FirstStagePagingMode)fspm;
        ViolationAssert.Single(e.Validate(), "PASID.FSPM", 130, 131, $"FSPM = {fspm} is a reserved first-stage paging mode");
    }

    [Theory]
    [InlineData(PasidGranularTranslationType.SecondStage)]
    [InlineData(PasidGranularTranslationType.PassThrough)]
    public void Fspm_is_not_live_without_a_first_stage(PasidGranularTranslationType pgtt)
    {
        var e = PresentPasidEntry(pgtt);
        e.Fspm = (FirstStagePagingMode)3;
        ViolationAssert.Valid(e.Validate());
    }

    // VirtualBox's reserved sets of the PASID entry (RSVD_11_10, RSVD_22_16, RSVD_11_8) and the words no source
    // defines (192..511).
    [Theory]
    [InlineData(0, 0xC00UL, 10, 11)]
    [InlineData(1, 0x7F_0000UL, 80, 86)]
    [InlineData(2, 0xF00UL, 136, 139)]
    [InlineData(3, 1UL, 192, 192)]
    [InlineData(5, 0x8000_0000UL, 351, 351)]
    [InlineData(7, 1UL << 63, 511, 511)]
    public void Pasid_entry_reserved_bits_are_reported_whether_present_or_not(int word, ulong bits, int lo, int hi)
    {
        foreach (var present in new[] { true, false })
        {
            var e = present ? PresentPasidEntry(PasidGranularTranslationType.SecondStage) : default;
            e.SetWord(word, e.GetWord(word) | bits);
            ViolationAssert.Single(e.Validate(), "RES0", lo, hi);
        }
    }

    [Fact]
    public void Context_entry_with_reserved_tt()
    {
        var e = default(ContextEntry);
        e.Present = true;
        e.AddressWidth = 2;
        e.Tt = (ContextTranslationType)3;
        ViolationAssert.Single(e.Validate(), "CONTEXT.TT", 2, 3, "TT = 3 is a reserved translation type");

        e.Present = false;
        ViolationAssert.Valid(e.Validate());
    }

    [Theory]
    [InlineData(0, 0x10UL, 4, 4)]
    [InlineData(1, 0x80UL, 71, 71)]
    [InlineData(1, 1UL << 24, 88, 88)]
    public void Context_entry_reserved_bits(int word, ulong bits, int lo, int hi)
    {
        var e = ContextEntry.FromWords(new ulong[] { 1, 2 });
        e.SetWord(word, e.GetWord(word) | bits);
        ViolationAssert.Single(e.Validate(), "RES0", lo, hi);
    }

    [Fact]
    public void Context_entry_available_bits_are_ignored()
    {
        // Bits 67..70 (Linux "aval", VirtualBox IGN_6_3).
        var e = ContextEntry.FromWords(new ulong[] { 1, 2 | 0x78UL });
        ViolationAssert.Valid(e.Validate());
    }

    [Theory]
    [InlineData(0, 0x2UL, 1, 1)]
    [InlineData(1, 1UL, 64, 64)]   // QEMU requires re->hi == 0 in legacy mode
    public void Root_entry_reserved_bits(int word, ulong bits, int lo, int hi)
    {
        var e = RootEntry.FromWords(new ulong[] { 0x1000_1001, 0 });
        e.SetWord(word, e.GetWord(word) | bits);
        ViolationAssert.Single(e.Validate(), "RES0", lo, hi);
    }

    [Fact]
    public void Scalable_root_context_and_directory_reserved_bits()
    {
        var root = ScalableRootEntry.FromWords(new ulong[] { 1, 1UL | (1UL << 11) });
        ViolationAssert.Single(root.Validate(), "RES0", 75, 75);

        var ctx = ScalableContextEntry.FromWords(new ulong[] { 1UL | 0x1E0UL, 0, 0, 0 });
        ViolationAssert.Single(ctx.Validate(), "RES0", 5, 8); // QEMU VTD_SM_CONTEXT_ENTRY_RSVD_VAL0 0x1e0
        ctx = ScalableContextEntry.FromWords(new ulong[] { 1, 1UL << 21, 0, 0 });
        ViolationAssert.Single(ctx.Validate(), "RES0", 85, 85); // RSVD_VAL1 0xffffffffffe00000
        ctx = ScalableContextEntry.FromWords(new ulong[] { 1, 0, 0, 1UL << 63 });
        ViolationAssert.Single(ctx.Validate(), "RES0", 255, 255); // QEMU requires val[2] == val[3] == 0
        ctx = ScalableContextEntry.FromWords(new ulong[] { 1, 1UL << 20, 0, 0 });
        ViolationAssert.Valid(ctx.Validate()); // RID_PRIV

        var dir = PasidDirectoryEntry.FromWords(new ulong[] { 0x1003_1001UL | 0x4UL });
        ViolationAssert.Single(dir.Validate(), "RES0", 2, 2);
    }

    [Fact]
    public void Fault_record_with_an_undefined_reason()
    {
        var r = FaultRecord.FromWords(new ulong[] { 0, (1UL << 63) | (0x34UL << 32) });
        ViolationAssert.Single(r.Validate(), "FRCD.FR", 96, 103, "FR = 0x34 is not a defined fault reason");

        // A cleared record (F = 0) is not interpreted.
        ViolationAssert.Valid(FaultRecord.FromWords(new ulong[] { 0, 0x34UL << 32 }).Validate());
        ViolationAssert.Valid(default(FaultRecord).Validate());
    }

    [Theory]
    [InlineData(0, 0x800UL, 11, 11)]
    [InlineData(1, 1UL << 16, 80, 80)]
    [InlineData(1, 1UL << 27, 91, 91)]
    public void Fault_record_reserved_bits(int word, ulong bits, int lo, int hi)
    {
        var r = default(FaultRecord);
        r.SetWord(word, bits);
        ViolationAssert.Single(r.Validate(), "RES0", lo, hi);
    }

    [Fact]
    public void Descriptor_of_another_type()
    {
        // An IOTLB descriptor layout holding a context-cache type, and one with a nonzero Type[6:4].
        var d = IotlbInvalidateDescriptor.FromWords(new ulong[] { 0x21 });
        ViolationAssert.Single(d.Validate(), "QI.TYPE", 0, 11, "descriptor type 0x1 is not Iotlb (0x2)");
        d = IotlbInvalidateDescriptor.FromWords(new ulong[] { 0x22 | (1UL << 9) });
        ViolationAssert.Single(d.Validate(), "QI.TYPE", 0, 11, "descriptor type 0x12 is not Iotlb (0x2)");

        var w = InvalidationWaitDescriptor.FromWords(new ulong[] { 0x24 });
        ViolationAssert.Single(w.Validate(), "QI.TYPE", 0, 11, "descriptor type 0x4 is not InvalidationWait (0x5)");
    }

    [Theory]
    [InlineData(0UL, "descriptor type 0x0 is not defined")]
    [InlineData(0xBUL, "descriptor type 0xB is not defined")]
    [InlineData(1UL << 9, "descriptor type 0x10 is not defined")]
    public void Generic_descriptor_with_an_undefined_type(ulong word0, string message)
    {
        var d = InvalidationDescriptor.FromWords(new ulong[] { word0 });
        ViolationAssert.Single(d.Validate(), "QI.TYPE", 0, 11, message);
    }

    [Fact]
    public void Descriptors_with_reserved_granularities_or_codes()
    {
        ViolationAssert.Single(ContextCacheInvalidateDescriptor.FromWords(new ulong[] { 0x01 }).Validate(),
            "ENUM", 4, 5, "Granularity = 0 (0x0) is not a defined ContextCacheGranularity encoding");
        ViolationAssert.Single(IotlbInvalidateDescriptor.FromWords(new ulong[] { 0x02 }).Validate(),
            "ENUM", 4, 5, "Granularity = 0 (0x0) is not a defined IotlbGranularity encoding");
        ViolationAssert.Single(PasidIotlbInvalidateDescriptor.FromWords(new ulong[] { 0x16 }).Validate(),
            "ENUM", 4, 5, "Granularity = 1 (0x1) is not a defined PasidIotlbGranularity encoding");
        ViolationAssert.Single(PasidCacheInvalidateDescriptor.FromWords(new ulong[] { 0x27 }).Validate(),
            "ENUM", 4, 5, "Granularity = 2 (0x2) is not a defined PasidCacheGranularity encoding");
        ViolationAssert.Single(PageGroupResponseDescriptor.FromWords(new ulong[] { 0x2009 }).Validate(),
            "ENUM", 12, 15, "ResponseCode = 2 (0x2) is not a defined PageResponseCode encoding");
    }

    [Theory]
    [InlineData("vtd.qi.cc", 0x31UL, 1, 1UL, 64, 64)]          // all of word 1 (QEMU)
    [InlineData("vtd.qi.cc", 0x31UL | (1UL << 50), 0, 0UL, 50, 50)]
    [InlineData("vtd.qi.iotlb", 0x12UL | (1UL << 8), 0, 0UL, 8, 8)]
    [InlineData("vtd.qi.iotlb", 0x12UL, 1, 1UL << 7, 71, 71)]
    [InlineData("vtd.qi.dev-tlb", 0x3UL | (1UL << 4), 0, 0UL, 4, 4)]
    [InlineData("vtd.qi.iec", 0x4UL | (1UL << 5), 0, 0UL, 5, 5)]
    [InlineData("vtd.qi.wait", 0x25UL, 1, 1UL, 64, 64)]
    [InlineData("vtd.qi.pc", 0x37UL, 2, 1UL, 128, 128)]        // words 2..3 reserved in 256-bit mode
    [InlineData("vtd.qi.piotlb", 0x26UL | (1UL << 52), 0, 0UL, 52, 52)]
    [InlineData("vtd.qi.pdev-tlb", 0x8UL, 1, 1UL << 1, 65, 65)]
    [InlineData("vtd.qi.pgrp-resp", 0x9UL | (1UL << 5), 0, 0UL, 5, 5)] // Linux 6.6 PDP
    [InlineData("vtd.qi.pgrp-resp", 0x9UL, 1, 1UL << 1, 65, 65)]
    public void Descriptor_reserved_bits(string layout, ulong word0, int word, ulong bits, int lo, int hi)
    {
        var info = Find(layout);
        var words = new ulong[4];
        words[0] = word0;
        words[word] |= bits;
        var report = info.Ops.Validate(words);
        ViolationAssert.Single(report, "RES0", lo, hi);
    }

    [Fact]
    public void Register_command_with_a_reserved_granularity()
    {
        var ccmd = ContextCommandRegister.FromWords(new ulong[] { 1UL << 63 });
        ViolationAssert.Single(ccmd.Validate(), "CCMD.CIRG", 61, 62, "CIRG = 0 is a reserved granularity");
        ViolationAssert.Valid(default(ContextCommandRegister).Validate()); // idle register

        var iotlb = IotlbInvalidateRegister.FromWords(new ulong[] { 1UL << 63 });
        ViolationAssert.Single(iotlb.Validate(), "IOTLB.IIRG", 60, 61, "IIRG = 0 is a reserved granularity");
        ViolationAssert.Valid(default(IotlbInvalidateRegister).Validate());
    }

    [Fact]
    public void Reserved_register_encodings()
    {
        ViolationAssert.Single(RootTableAddressRegister.FromWords(new ulong[] { 2UL << 10 }).Validate(),
            "ENUM", 10, 11, "TranslationTableMode = 2 (0x2) is not a defined RootTableTranslationMode encoding");
        ViolationAssert.Single(InvalidationQueueErrorRecordRegister.FromWords(new ulong[] { 8UL }).Validate(),
            "ENUM", 0, 3, "ErrorInfo = 8 (0x8) is not a defined InvalidationQueueErrorInfo encoding");
    }

    [Theory]
    [InlineData("vtd.ver", 1UL << 8, 8)]
    [InlineData("vtd.cap", 1UL << 38, 38)]
    [InlineData("vtd.cap", 1UL << 13, 13)]
    [InlineData("vtd.ecap", 1UL << 32, 32)]
    [InlineData("vtd.ecap", 1UL << 54, 54)]
    [InlineData("vtd.gcmd", 1UL, 0)]
    [InlineData("vtd.gsts", 1UL << 22, 22)]
    [InlineData("vtd.rtaddr", 1UL << 9, 9)]
    [InlineData("vtd.ccmd", 1UL << 34, 34)]
    [InlineData("vtd.fsts", 1UL << 16, 16)]
    [InlineData("vtd.fectl", 1UL << 29, 29)]
    [InlineData("vtd.iqa", 1UL << 3, 3)]
    [InlineData("vtd.iqh", 1UL << 19, 19)]
    [InlineData("vtd.iqt", 1UL, 0)]
    [InlineData("vtd.ics", 1UL << 1, 1)]
    [InlineData("vtd.iotlb-reg", 1UL << 59, 59)]
    [InlineData("vtd.iva", 1UL << 7, 7)]
    [InlineData("vtd.iqercd", 1UL << 4, 4)]
    public void Register_reserved_bits(string layout, ulong word, int bit)
    {
        ViolationAssert.Single(Find(layout).Ops.Validate(new[] { word }), "RES0", bit, bit);
    }

    private static LayoutInfo Find(string name) =>
        Assert.Single(IommuLayouts.Specs.BitLayoutCatalog.Layouts, l => l.Name == name);
}
