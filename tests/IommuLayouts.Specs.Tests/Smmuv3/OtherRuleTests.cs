using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>The rules of the L1 descriptors, event records, commands and registers, each broken alone.</summary>
public sealed class OtherRuleTests
{
    [Fact]
    public void L1std_span_above_11_is_reported()
    {
        Assert.True(new L1StreamTableDescriptor { Span = 11, L2Ptr = 0x10000 }.Validate().IsValid);
        Entry.AssertViolations(new L1StreamTableDescriptor { Span = 12, L2Ptr = 0x10000 }.Validate(), ("L1STD.SPAN", 0, 4));
    }

    [Fact]
    public void L1std_span_0_is_the_legal_invalid_descriptor()
    {
        var desc = new L1StreamTableDescriptor { L2Ptr = 0x10000 };
        Assert.Equal(0, desc.SteCount);
        Assert.True(desc.Validate().IsValid);
    }

    [Fact]
    public void L1std_bit_5_and_bits_above_51_are_res0()
    {
        var desc = Entry.From<L1StreamTableDescriptor>(9UL | 1UL << 5 | 0xFUL << 52);
        Entry.AssertViolations(desc.Validate(), ("RES0", 5, 5), ("RES0", 52, 55));
    }

    [Fact]
    public void L1cd_bits_between_v_and_the_pointer_are_res0()
    {
        var desc = Entry.From<L1ContextDescriptor>(1UL | 0x7FEUL);
        Entry.AssertViolations(desc.Validate(), ("RES0", 1, 10));
    }

    [Fact]
    public void Translation_fault_with_ipa_bits_below_12_is_reported()
    {
        var evt = new EventRecord { EventID = EventType.F_TRANSLATION, FetchAddr = 0x1008 };
        Entry.AssertViolations(evt.Validate(), ("EVT.IPA", 195, 203));

        // The same dword 3 is a legal fetch address for a fetch-abort event.
        evt.EventID = EventType.F_WALK_EABT;
        Assert.True(evt.Validate().IsValid);
    }

    [Fact]
    public void Undefined_event_id_and_class_are_reported()
    {
        Entry.AssertViolations(Entry.From<EventRecord>(0x0CUL).Validate(), ("ENUM", 0, 7));
        Entry.AssertViolations(Entry.From<EventRecord>(0x10UL, 3UL << 40).Validate(), ("ENUM", 104, 105));
    }

    [Fact]
    public void Ipa_view_rejects_an_unaligned_address()
    {
        var evt = default(EventRecord);
        Assert.Throws<System.ArgumentOutOfRangeException>(() => evt.Ipa = 0x1008);
        evt.Ipa = 0x0000_0004_0000_0000;
        Assert.Equal(0x0000_0004_0000_0000UL, evt.FetchAddr);
    }

    [Fact]
    public void Event_dword3_bits_below_3_are_res0()
    {
        var evt = Entry.From<EventRecord>(0x03UL, 0, 0, 0x1000UL | 0x7UL);
        Entry.AssertViolations(evt.Validate(), ("RES0", 192, 194));
    }

    [Fact]
    public void Command_decoded_with_the_wrong_layout_reports_its_opcode()
    {
        var sync = Entry.From<CfgiSteCommand>(0x46UL);
        Entry.AssertViolations(sync.Validate(), ("CMD.OPCODE", 0, 7));
    }

    [Fact]
    public void Unknown_opcode_is_reported_by_the_dispatch_layout()
    {
        // 0x07 is QEMU's SMMU_CMD_CFGI_ALL, which it never executes (CERROR_ILL); the other bits are command-specific.
        Entry.AssertViolations(Entry.From<Command>(0x07UL | ulong.MaxValue << 8, ulong.MaxValue).Validate(), ("ENUM", 0, 7));
        Assert.True(Entry.From<Command>(0x46UL | ulong.MaxValue << 8, ulong.MaxValue).Validate().IsValid);
    }

    [Fact]
    public void Reserved_sync_completion_signal_and_pri_response_are_reported()
    {
        Entry.AssertViolations(Entry.From<SyncCommand>(0x46UL | 3UL << 12).Validate(), ("ENUM", 12, 13));
        Entry.AssertViolations(Entry.From<PriRespCommand>(0x41UL, 3UL << 12).Validate(), ("ENUM", 76, 77));
    }

    [Fact]
    public void Secure_bit_in_a_command_is_res0()
    {
        // QEMU CMD_SSEC (bit 10): a Non-secure command queue may not set it.
        Entry.AssertViolations(Entry.From<CfgiSteCommand>(0x03UL | 1UL << 10).Validate(), ("RES0", 10, 10));
    }

    [Fact]
    public void Tlbi_s2_ipa_bits_above_51_are_res0()
    {
        Entry.AssertViolations(Entry.From<TlbiS2IpaCommand>(0x2AUL, 1UL << 52).Validate(), ("RES0", 116, 116));
    }

    [Fact]
    public void Reserved_stream_table_format_is_reported()
    {
        Entry.AssertViolations(Entry.From<StrtabBaseCfg>(2UL << 16).Validate(), ("ENUM", 16, 17));
    }

    [Fact]
    public void Unknown_command_error_code_is_reported()
    {
        Assert.True(Entry.From<QueueProdCons>(1UL << 24).Validate().IsValid);
        Entry.AssertViolations(Entry.From<QueueProdCons>(4UL << 24).Validate(), ("ENUM", 24, 30));
    }

    [Fact]
    public void Register_res0_bits_are_reported()
    {
        Entry.AssertViolations(Entry.From<Cr0>(1UL << 5).Validate(), ("RES0", 5, 5));
        Entry.AssertViolations(Entry.From<Gerror>(1UL << 1).Validate(), ("RES0", 1, 1));
        Entry.AssertViolations(Entry.From<QueueBase>(1UL << 63).Validate(), ("RES0", 63, 63));
        Entry.AssertViolations(Entry.From<QueueProdCons>(1UL << 20).Validate(), ("RES0", 20, 20));
    }
}
