using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace IommuLayouts.Cli.Tests;

/// <summary>
/// decode --from-log over lines built from the Linux drivers' format strings (quoted above each test), decoded
/// with the IommuLayouts.Specs formats. Expected field values come from the bit positions in Linux
/// drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h (EVTQ_*) and drivers/iommu/intel/iommu.h / the VT-d spec
/// (fault recording register), worked out by hand.
/// </summary>
public sealed class FromLogTests
{
    // A dmesg prefix as the kernel writes it before dev_err/pr_err text.
    private const string Smmu = "[  812.100213] arm-smmu-v3 arm-smmu-v3.0.auto: ";
    private const string Dmar = "[ 1301.554431] DMAR: ";

    [Fact]
    public void Smmuv3_event_dump_is_decoded_as_an_event_record()
    {
        // arm-smmu-v3.c: dev_err(smmu->dev, "event 0x%02x received:\n", event->id); then "\t0x%016llx\n" per dword.
        // dword 0: EVTQ_0_ID 7:0 = 0x10, EVTQ_0_SSV bit 11, EVTQ_0_SSID 31:12 = 5, EVTQ_0_SID 63:32 = 8.
        // dword 1: EVTQ_1_STAG 15:0 = 0x12, EVTQ_1_RnW bit 35 (read). dword 2: EVTQ_2_ADDR = the IOVA.
        var log = string.Join('\n',
            Smmu + "event 0x10 received:",
            Smmu + "\t0x0000000800005810",
            Smmu + "\t0x0000000800000012",
            Smmu + "\t0x00000000deadb000",
            Smmu + "\t0x0000000000000000");

        var record = Single(log);

        Assert.Equal(1, record.GetProperty("line").GetInt32());
        Assert.Contains("translation fault", record.GetProperty("meaning").GetString(), StringComparison.Ordinal);
        Assert.Contains("not mapped at stage 1", record.GetProperty("likelyCause").GetString(), StringComparison.Ordinal);
        var decoded = record.GetProperty("decoded");
        Assert.Equal("smmuv3.event", decoded.GetProperty("name").GetString());
        var f = decoded.GetProperty("fields");
        Assert.Equal("F_TRANSLATION", f.GetProperty("EventID").GetString());
        Assert.True(f.GetProperty("SSV").GetBoolean());
        Assert.Equal(5, f.GetProperty("SubstreamID").GetInt32());
        Assert.Equal(8, f.GetProperty("StreamID").GetInt32());
        Assert.Equal(0x12, f.GetProperty("STAG").GetInt32());
        Assert.True(f.GetProperty("RnW").GetBoolean());
        Assert.False(f.GetProperty("S2").GetBoolean());
        Assert.Equal(0xdeadb000L, f.GetProperty("InputAddr").GetInt64());
    }

    [Fact]
    public void Newer_kernels_event_line_after_the_dump_joins_the_same_record()
    {
        // arm-smmu-v3.c arm_smmu_dump_event: the raw dump, then
        // "event: %s client: %s sid: %#x ssid: %#x iova: %#llx ipa: %#llx" and "%s %s %s %s \"%s\"%s%s stag: %#x".
        var log = string.Join('\n',
            Smmu + "event 0x13 received:",
            Smmu + "\t0x0000002000000013",
            Smmu + "\t0x0000000800000000",
            Smmu + "\t0x0000000000400000",
            Smmu + "\t0x0000000000000000",
            Smmu + "event: F_PERMISSION client: 0000:00:03.0 sid: 0x20 ssid: 0 iova: 0x400000 ipa: 0",
            Smmu + "unpriv data read s1 \"Input address caused fault\" stag: 0");

        var record = Single(log);

        Assert.Equal("0000:00:03.0", record.GetProperty("extra").GetProperty("client").GetString());
        Assert.Equal("F_PERMISSION", record.GetProperty("decoded").GetProperty("fields").GetProperty("EventID").GetString());
        Assert.Equal(0x20, record.GetProperty("decoded").GetProperty("fields").GetProperty("StreamID").GetInt32());
    }

    [Fact]
    public void Event_lines_alone_rebuild_the_event_record()
    {
        // The same two format strings without a raw dump before them (its dev_err lines filtered out, or rate-limited).
        // %#x prints 0 without 0x; ssid 0x3 means SSV was set (the driver prints IOMMU_NO_PASID = 0 otherwise).
        var log = string.Join('\n',
            Smmu + "event: F_PERMISSION client: 0000:01:00.0 sid: 0x100 ssid: 0x3 iova: 0x80001000 ipa: 0x40001000",
            Smmu + "priv data write s2 \"Stage 1 translation table fetch\" ttd_read stall stag: 0x7");

        var record = Single(log);
        var f = record.GetProperty("decoded").GetProperty("fields");

        Assert.Equal("F_PERMISSION", f.GetProperty("EventID").GetString());
        Assert.Equal(0x100, f.GetProperty("StreamID").GetInt32());
        Assert.True(f.GetProperty("SSV").GetBoolean());
        Assert.Equal(3, f.GetProperty("SubstreamID").GetInt32());
        Assert.Equal(0x80001000L, f.GetProperty("InputAddr").GetInt64());
        Assert.True(f.GetProperty("PnU").GetBoolean());
        Assert.False(f.GetProperty("RnW").GetBoolean());
        Assert.True(f.GetProperty("S2").GetBoolean());
        Assert.True(f.GetProperty("Stall").GetBoolean());
        Assert.True(f.GetProperty("TTRnW").GetBoolean());
        Assert.Equal(7, f.GetProperty("STAG").GetInt32());

        // event_class_str[1] = "Stage 1 translation table fetch": CLASS 1, TT.
        Assert.Equal("TT", f.GetProperty("CLASS").GetString());
        Assert.Equal("0x40001000", record.GetProperty("extra").GetProperty("ipa").GetString());
        Assert.Contains("stage 2", record.GetProperty("likelyCause").GetString(), StringComparison.Ordinal);

        // The words hold what the line said: EVTQ_0_SID 63:32 = 0x100, EVTQ_0_SSID 31:12 = 3, SSV bit 11, ID 0x13.
        Assert.Equal("0x0000010000003813", record.GetProperty("decoded").GetProperty("words")[0].GetString());
    }

    [Fact]
    public void Fetch_fault_line_carries_the_fetch_address()
    {
        // arm-smmu-v3.c: "event: %s client: %s sid: %#x ssid: %#x fetch_addr: %#llx"; ARM_SMMU_LOG_CLIENT prints
        // "(unassigned sid)" when no master owns the stream.
        var record = Single(Smmu + "event: F_CD_FETCH client: (unassigned sid) sid: 0x10 ssid: 0 fetch_addr: 0x8000040");
        var f = record.GetProperty("decoded").GetProperty("fields");

        Assert.Equal("F_CD_FETCH", f.GetProperty("EventID").GetString());
        Assert.Equal("0x8000040", f.GetProperty("FetchAddr").GetString());
        Assert.Equal("(unassigned sid)", record.GetProperty("extra").GetProperty("client").GetString());
    }

    [Theory]
    // dmar.c: "[%s NO_PASID] Request device [%02x:%02x.%d] fault addr 0x%llx [fault reason 0x%02x] %s\n"
    [InlineData("[DMA Write NO_PASID] Request device [3a:00.1] fault addr 0xfee00000 [fault reason 0x05] PTE Write access is not set", 0x3a01, 5, false, 0xfee00000L, -1)]
    // dmar.c: "[%s PASID 0x%x] Request device [%02x:%02x.%d] fault addr 0x%llx [fault reason 0x%02x] %s\n"
    [InlineData("[DMA Read PASID 0x2] Request device [00:02.0] fault addr 0x7f0000001000 [fault reason 0x71] SM: Present bit in first-level paging entry is clear", 0x0010, 0x71, true, 0x7f0000001000L, 2)]
    // older dmar.c: "[%s] Request device [%02x:%02x.%d] fault addr %llx [fault reason %02d] %s\n" (decimal reason)
    [InlineData("[DMA Read] Request device [00:1f.7] fault addr 1234000 [fault reason 12] non-zero reserved fields in PTE", 0x00ff, 12, true, 0x1234000L, -1)]
    // older dmar.c: "[%s] Request device [%02x:%02x.%d] PASID %x fault addr %llx [fault reason %02d] %s\n"
    [InlineData("[DMA Write] Request device [05:10.2] PASID 1f fault addr ab000 [fault reason 05] PTE Write access is not set", 0x0582, 5, false, 0xab000L, 0x1f)]
    public void Dmar_fault_lines_become_fault_records(string message, int sourceId, int reason, bool read, long address, int pasid)
    {
        // SID = bus << 8 | slot << 3 | function (PCI_SLOT / PCI_FUNC); FR = the reason; T1 set = read (dma_frcd_type).
        var record = Single(Dmar + message);
        var f = record.GetProperty("decoded").GetProperty("fields");

        Assert.Equal("vtd.frcd", record.GetProperty("decoded").GetProperty("name").GetString());
        Assert.Equal(sourceId, f.GetProperty("SourceId").GetInt32());
        Assert.Equal(reason, f.GetProperty("Fr").GetInt32());
        Assert.Equal(read, f.GetProperty("T1").GetBoolean());
        Assert.Equal("0x" + address.ToString("x"), f.GetProperty("FaultInfo").GetString());
        Assert.True(f.GetProperty("Fault").GetBoolean());
        Assert.Equal(pasid >= 0, f.GetProperty("PasidPresent").GetBoolean());
        if (pasid >= 0)
        {
            Assert.Equal(pasid, f.GetProperty("PasidValue").GetInt32());
        }

        Assert.False(string.IsNullOrEmpty(record.GetProperty("meaning").GetString()));
        Assert.False(string.IsNullOrEmpty(record.GetProperty("likelyCause").GetString()));
    }

    [Fact]
    public void Interrupt_remapping_fault_puts_the_index_in_fault_info_bits_63_to_48()
    {
        // dmar.c: "[INTR-REMAP] Request device [%02x:%02x.%d] fault index 0x%llx [fault reason 0x%02x] %s\n", with addr >> 48.
        var record = Single(Dmar + "[INTR-REMAP] Request device [f0:1f.0] fault index 0x21 [fault reason 0x22] Present field in the IRTE entry is clear");
        var f = record.GetProperty("decoded").GetProperty("fields");

        Assert.Equal("0x21000000000000", f.GetProperty("FaultInfo").GetString());
        Assert.Equal(0xf0f8, f.GetProperty("SourceId").GetInt32());
        Assert.Equal(0x22, f.GetProperty("Fr").GetInt32());
    }

    [Fact]
    public void Entries_dumped_after_a_scalable_mode_fault_are_decoded_and_point_to_it()
    {
        // iommu.c dmar_fault_dump_ptes: "Dump %s table entries for IOVA 0x%llx\n",
        // "scalable mode root entry: hi 0x%016llx, low 0x%016llx\n", "context entry: hi 0x%016llx, low 0x%016llx\n",
        // "pasid dir entry: 0x%016llx\n", "pasid table entry[%d]: 0x%016llx\n" for each of the entry's 8 words.
        var lines = new[]
        {
            Dmar + "[DMA Read PASID 0x1] Request device [00:02.0] fault addr 0x1000 [fault reason 0x59] SM: Present bit in PASID Table Entry is clear",
            Dmar + "Dump dmar0 table entries for IOVA 0x1000",
            Dmar + "scalable mode root entry: hi 0x0000000000000000, low 0x0000000112340001",
            Dmar + "context entry: hi 0x0000000000000000, low 0x0000000112350001",
            Dmar + "pasid dir entry: 0x0000000112360001",
        }.Concat(Enumerable.Range(0, 8).Select(i => Dmar + $"pasid table entry[{i}]: 0x0000000000000000"));

        var records = Records(string.Join('\n', lines));

        Assert.Equal(["vtd.frcd", "vtd.sm-root", "vtd.sm-context", "vtd.pasid-dir", "vtd.pasid"], records.Select(r => r.GetProperty("decoded").GetProperty("name").GetString()));
        Assert.All(records.Skip(1), r => Assert.Equal(1, r.GetProperty("faultLine").GetInt32()));
        Assert.Equal(6, records[4].GetProperty("line").GetInt32());

        // Root entry bit 0 LP and LCTP 63:12; PASID directory entry bit 0 P and SMPTBLPTR 63:12.
        Assert.True(records[1].GetProperty("decoded").GetProperty("fields").GetProperty("LowerPresent").GetBoolean());
        Assert.Equal("0x112340000", records[1].GetProperty("decoded").GetProperty("fields").GetProperty("LowerContextTablePointer").GetString());
        Assert.Equal("0x112360000", records[3].GetProperty("decoded").GetProperty("fields").GetProperty("PasidTablePointer").GetString());

        // The all-zero PASID-table entry is not present: that is the fault's cause (reason 0x59), and the fault says so.
        Assert.Contains("not present", records[4].GetProperty("likelyCause").GetString(), StringComparison.Ordinal);
        Assert.Contains("in this log, the vtd.pasid dumped at line 6: Present is clear", records[0].GetProperty("likelyCause").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Debugfs_translation_struct_line_of_a_legacy_unit_gives_root_and_context_entries()
    {
        // debugfs.c print_tbl_walk: "%02x:%02x.%x\t0x%016llx:0x%016llx\t0x%016llx:0x%016llx\t" then, for a legacy
        // unit, "%-6d\t0x%016llx:0x%016llx:0x%016llx\n" with -1 and zeros. Entries print hi:lo.
        var line = "00:02.0\t0x0000000000000000:0x0000000112345001\t0x0000000000000102:0x0000000123456001\t-1    \t0x0000000000000000:0x0000000000000000:0x0000000000000000";

        var records = Records(line);

        Assert.Equal(["vtd.root", "vtd.context"], records.Select(r => r.GetProperty("decoded").GetProperty("name").GetString()));

        // Context entry: P bit 0, ASR 63:12 = 0x123456000, AW 66:64 = 2, DID 87:72 = 0x102 >> 8 = 1.
        var context = records[1].GetProperty("decoded").GetProperty("fields");
        Assert.True(context.GetProperty("Present").GetBoolean());
        Assert.Equal("0x123456000", context.GetProperty("SecondStagePageTablePointer").GetString());
        Assert.Equal(2, context.GetProperty("AddressWidth").GetInt32());
        Assert.Equal(1, context.GetProperty("DomainId").GetInt32());
        Assert.Equal("00:02.0", records[1].GetProperty("extra").GetProperty("device").GetString());
    }

    [Fact]
    public void Debugfs_line_of_a_scalable_unit_adds_the_pasid_entry()
    {
        // The same format with a PASID and the entry's val[2]:val[1]:val[0].
        var line = "00:02.0\t0x0000000000000000:0x0000000112340001\t0x0000000000000000:0x0000000112350001\t0     \t0x0000000000000000:0x0000000000000001:0x0000000112360009";

        var records = Records(line);

        Assert.Equal(["vtd.sm-root", "vtd.sm-context", "vtd.pasid"], records.Select(r => r.GetProperty("decoded").GetProperty("name").GetString()));
        Assert.Equal(["0x0000000112360009", "0x0000000000000001", "0x0000000000000000"], records[2].GetProperty("decoded").GetProperty("words").EnumerateArray().Take(3).Select(w => w.GetString()));
    }

    [Fact]
    public void A_decode_headline_pasted_into_the_log_is_decoded_again()
    {
        // This tool's own headline "<format>: <words>" (as docs/cli.md shows it).
        var record = Single("smmuv3.ste: 0x0000000000000001 0x0");

        Assert.Equal("smmuv3.ste", record.GetProperty("decoded").GetProperty("name").GetString());
        Assert.True(record.GetProperty("decoded").GetProperty("fields").GetProperty("V").GetBoolean());
    }

    [Fact]
    public void Text_output_shows_meaning_cause_and_the_field_table()
    {
        var result = CliRunner.RunSpecs(Dmar + "[DMA Read NO_PASID] Request device [00:02.0] fault addr 0xfffd3000 [fault reason 0x06] PTE Read access is not set", "decode", "--from-log");

        Assert.Equal(0, result.ExitCode);
        var lines = InspectCommandTests.Lines(result.Out);
        Assert.StartsWith("line 1: DMA Read fault, device 00:02.0, reason 0x06", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("  meaning: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  likely cause: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  vtd.frcd: 0x00000000fffd3000 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Log_file_is_read_from_its_path()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "unrelated line\n" + Dmar + "[DMA Write NO_PASID] Request device [00:02.0] fault addr 0x1000 [fault reason 0x02] Present bit in context entry is clear\n");
            var result = CliRunner.RunSpecs(string.Empty, "decode", "--from-log", path, "--json");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(2, result.Json().GetProperty("records")[0].GetProperty("line").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Incomplete_event_dump_is_a_warning_not_a_record()
    {
        var log = string.Join('\n', Smmu + "event 0x10 received:", Smmu + "\t0x0000000800000010", "[  1.0] something else",
            Dmar + "[DMA Write NO_PASID] Request device [00:02.0] fault addr 0x1000 [fault reason 0x02] Present bit in context entry is clear");

        var result = CliRunner.RunSpecs(log, "decode", "--from-log", "-", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(result.Json().GetProperty("records").EnumerateArray());
        Assert.Contains("line 1: event dump has 1 of its 4 dwords", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_with_a_value_too_wide_for_its_field_is_a_warning_and_the_rest_is_read()
    {
        // An ssid of 0x100000 does not fit EVTQ_0_SSID (20 bits, 31:12); an address of 17 hex digits does not fit 64 bits.
        var log = string.Join('\n',
            Smmu + "event: F_TRANSLATION client: 0000:00:03.0 sid: 0x8 ssid: 0x100000 iova: 0x1000 ipa: 0",
            Dmar + "[DMA Read NO_PASID] Request device [00:02.0] fault addr 0x10000000000000000 [fault reason 0x06] PTE Read access is not set",
            Dmar + "[DMA Write NO_PASID] Request device [00:02.0] fault addr 0x1000 [fault reason 0x02] Present bit in context entry is clear");

        var result = CliRunner.RunSpecs(log, "decode", "--from-log", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, result.Json().GetProperty("records")[0].GetProperty("line").GetInt32());
        var warnings = InspectCommandTests.Lines(result.Err);
        Assert.Equal(2, warnings.Length);
        Assert.StartsWith("iommu-layouts: warning: line 1: --from-log: SubstreamID is 20 bit(s) wide", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("iommu-layouts: warning: line 2: '0x10000000000000000' does not fit in 64 bits", warnings[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nothing to see here\n", new[] { "decode", "--from-log" }, "no SMMUv3 event, DMAR fault or entry dump found in standard input")]
    [InlineData("", new[] { "decode", "--from-log", "/no/such/kern.log" }, "cannot read '/no/such/kern.log'")]
    [InlineData("x", new[] { "decode", "smmuv3.ste", "--from-log" }, "drop the format 'smmuv3.ste'")]
    [InlineData("", new[] { "decode" }, "decode needs a <format>")]
    public void Bad_log_input_is_one_clear_error(string stdin, string[] args, string expected)
    {
        var result = CliRunner.RunSpecs(stdin, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
        Assert.Single(InspectCommandTests.Lines(result.Err));
    }

    private static JsonElement Single(string log) => Records(log).Single();

    private static JsonElement[] Records(string log)
    {
        var result = CliRunner.RunSpecs(log, "decode", "--from-log", "-", "--json");
        Assert.True(result.ExitCode == 0, result.Err);
        return result.Json().GetProperty("records").EnumerateArray().ToArray();
    }
}
