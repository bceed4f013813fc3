using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Cli;

/// <summary>One thing found in a kernel log: the entry or record it names, as words of a catalog format.</summary>
/// <param name="Line">1-based line of the log where the record starts.</param>
/// <param name="Source">Which kernel message it came from (e.g. "arm-smmu-v3 event dump").</param>
/// <param name="Title">A short headline, e.g. "F_TRANSLATION (0x10) sid 0x8 ssid 0x0".</param>
/// <param name="Layout">The format the words are decoded as.</param>
/// <param name="Words">The record's words (rebuilt from the message's values when the message is one line).</param>
/// <param name="Meaning">What the fault or entry means; null for an entry.</param>
/// <param name="Cause">The likely cause, or what to look at next; null when there is nothing to add.</param>
/// <param name="RelatedLine">For an entry dumped after a fault: the line of that fault.</param>
/// <param name="Extra">Values the message holds that the format has no field for (client device, IPA...).</param>
internal sealed record LogRecord(
    int Line,
    string Source,
    string Title,
    LayoutInfo Layout,
    ulong[] Words,
    string? Meaning,
    string? Cause,
    int? RelatedLine,
    IReadOnlyList<KeyValuePair<string, string>> Extra);

/// <summary>
/// Finds what Linux prints about SMMUv3 events and VT-d faults in a kernel log and turns each into the words of
/// the catalog format it describes. The message formats are the drivers' format strings:
/// <list type="bullet">
/// <item>drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c: <c>"event 0x%02x received:\n"</c> then
/// <c>"\t0x%016llx\n"</c> per dword; <c>"event: %s client: %s sid: %#x ssid: %#x iova: %#llx ipa: %#llx"</c>
/// (or <c>fetch_addr: %#llx</c>, or neither) and <c>"%s %s %s %s \"%s\"%s%s stag: %#x"</c>.</item>
/// <item>drivers/iommu/intel/dmar.c: <c>"[%s NO_PASID] Request device [%02x:%02x.%d] fault addr 0x%llx [fault reason 0x%02x] %s\n"</c>,
/// <c>"[%s PASID 0x%x] ..."</c>, <c>"[INTR-REMAP] Request device [...] fault index 0x%llx ..."</c> and the older
/// <c>"[%s] Request device [%02x:%02x.%d] (PASID %x )fault addr %llx [fault reason %02d] %s\n"</c>.</item>
/// <item>drivers/iommu/intel/iommu.c (dmar_fault_dump_ptes): <c>"root entry: 0x%016llx"</c>,
/// <c>"scalable mode root entry: hi 0x%016llx, low 0x%016llx\n"</c>, <c>"context entry: hi 0x%016llx, low 0x%016llx\n"</c>,
/// <c>"pasid dir entry: 0x%016llx\n"</c>, <c>"pasid table entry[%d]: 0x%016llx\n"</c>.</item>
/// <item>drivers/iommu/intel/debugfs.c (dmar_translation_struct): <c>"%02x:%02x.%x\t0x%016llx:0x%016llx\t0x%016llx:0x%016llx\t%-6d\t0x%016llx:0x%016llx:0x%016llx\n"</c>.</item>
/// <item>This tool's own decode headline: <c>"&lt;format&gt;: 0x... 0x..."</c>.</item>
/// </list>
/// </summary>
internal sealed partial class KernelLog
{
    private const int SmmuEventDwords = 4;
    private const int PasidEntryWords = 8;

    private readonly LayoutCatalog _catalog;
    private readonly List<LogRecord> _records = new();
    private readonly List<string> _warnings = new();

    // An SMMUv3 raw event dump being collected.
    private int _eventLine;
    private List<ulong>? _eventWords;

    // The last VT-d fault (its line and whether it was scalable mode), so the entries dumped after it refer to it.
    private int? _faultLine;
    private bool _scalableDump;

    // The PASID-table entry words of a fault dump being collected.
    private int _pasidLine;
    private ulong[]? _pasidWords;
    private int _pasidCount;

    private KernelLog(LayoutCatalog catalog) => _catalog = catalog;

    /// <summary>The records found, in log order.</summary>
    public IReadOnlyList<LogRecord> Records => _records;

    /// <summary>Messages that were recognised but incomplete (one line each, naming the log line).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Reads <paramref name="text"/>; every recognised message becomes a record.</summary>
    public static KernelLog Parse(LayoutCatalog catalog, string text)
    {
        var log = new KernelLog(catalog);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            try
            {
                log.Read(i + 1, lines[i]);
            }
            catch (UsageException e)
            {
                // A recognised message with a value that does not fit its field: say so and read on.
                log._warnings.Add($"line {i + 1}: {e.Message}; skipped");
            }
        }

        log.FlushEvent();
        log.FlushPasid();
        log.LinkEntriesToFaults();
        return log;
    }

    private void Read(int line, string text)
    {
        if (_eventWords is not null)
        {
            var dword = EventDword().Match(text);
            if (dword.Success)
            {
                _eventWords.Add(Hex(dword.Groups["v"].Value));
                if (_eventWords.Count == SmmuEventDwords)
                {
                    FlushEvent();
                }

                return;
            }

            FlushEvent();
        }

        if (_pasidWords is not null && !PasidTableEntry().IsMatch(text))
        {
            FlushPasid();
        }

        Match m;
        if ((m = EventHeader().Match(text)).Success)
        {
            _eventLine = line;
            _eventWords = new List<ulong>(SmmuEventDwords);
        }
        else if ((m = EventSummary().Match(text)).Success)
        {
            ReadEventSummary(line, m);
        }
        else if ((m = EventDetails().Match(text)).Success)
        {
            ReadEventDetails(m);
        }
        else if ((m = DmarFault().Match(text)).Success)
        {
            ReadDmarFault(line, m);
        }
        else if ((m = ScalableRootEntry().Match(text)).Success)
        {
            _scalableDump = true;
            AddEntry(line, "VT-d fault dump", "vtd.sm-root", Hex(m.Groups["lo"].Value), Hex(m.Groups["hi"].Value));
        }
        else if ((m = RootEntry().Match(text)).Success)
        {
            _scalableDump = false;
            AddEntry(line, "VT-d fault dump", "vtd.root", Hex(m.Groups["lo"].Value), 0);
        }
        else if ((m = ContextEntry().Match(text)).Success)
        {
            AddEntry(line, "VT-d fault dump", _scalableDump ? "vtd.sm-context" : "vtd.context", Hex(m.Groups["lo"].Value), Hex(m.Groups["hi"].Value));
        }
        else if ((m = PasidDirEntry().Match(text)).Success)
        {
            AddEntry(line, "VT-d fault dump", "vtd.pasid-dir", Hex(m.Groups["v"].Value));
        }
        else if ((m = PasidTableEntry().Match(text)).Success)
        {
            ReadPasidTableEntry(line, m);
        }
        else if ((m = DebugfsTranslation().Match(text)).Success)
        {
            ReadDebugfsTranslation(line, m);
        }
        else if ((m = ToolHeadline().Match(text)).Success && _catalog.TryFind(m.Groups["format"].Value, out var layout))
        {
            var words = HexInput.ParseWords(layout, [m.Groups["words"].Value], $"line {line}: word");
            Add(new LogRecord(line, "decoded entry", layout.Name, layout, words, null, null, null, []));
        }
    }

    /// <summary>
    /// A fault whose dump shows an entry that is not present or breaks a rule names that entry in its cause:
    /// that is where the translation went wrong.
    /// </summary>
    private void LinkEntriesToFaults()
    {
        for (var i = 0; i < _records.Count; i++)
        {
            var entry = _records[i];
            if (entry.RelatedLine is not { } faultLine || entry.Cause is null)
            {
                continue;
            }

            var index = _records.FindIndex(r => r.Line == faultLine && r.RelatedLine is null);
            if (index < 0)
            {
                continue;
            }

            var fault = _records[index];
            var found = $"in this log, the {entry.Layout.Name} dumped at line {entry.Line}: {entry.Cause}";
            _records[index] = fault with { Cause = fault.Cause is null ? found : $"{fault.Cause}; {found}" };
        }
    }

    private void FlushEvent()
    {
        if (_eventWords is null)
        {
            return;
        }

        var words = _eventWords;
        _eventWords = null;
        if (words.Count < SmmuEventDwords)
        {
            _warnings.Add($"line {_eventLine}: event dump has {words.Count} of its {SmmuEventDwords} dwords; skipped");
            return;
        }

        var layout = Layout("smmuv3.event");
        var record = words.ToArray();
        var id = (byte)layout.FindField("EventID")!.ReadRaw(record);
        var sid = layout.FindField("StreamID")!.ReadRaw(record);
        var title = $"{SmmuEventName(layout, id)} (0x{id:x2}) sid 0x{sid:x}";
        Add(new LogRecord(_eventLine, "arm-smmu-v3 event dump", title, layout, record, SmmuEvents.Meaning(id), SmmuEvents.Cause(id, layout, record), null, []));
    }

    private void ReadEventSummary(int line, Match m)
    {
        var layout = Layout("smmuv3.event");
        var name = m.Groups["event"].Value;
        var sid = Hex(m.Groups["sid"].Value);
        var ssid = Hex(m.Groups["ssid"].Value);
        var extra = new List<KeyValuePair<string, string>> { new("client", m.Groups["client"].Value) };
        if (m.Groups["ipa"].Success)
        {
            extra.Add(new("ipa", FieldText.Hex(Hex(m.Groups["ipa"].Value))));
        }

        // Newer kernels print the raw dump first and this line after it: they describe one event.
        if (_records.Count > 0 && _records[^1] is { Source: "arm-smmu-v3 event dump" } previous
            && SmmuEventName(layout, (byte)layout.FindField("EventID")!.ReadRaw(previous.Words)) == name
            && layout.FindField("StreamID")!.ReadRaw(previous.Words) == sid)
        {
            extra.InsertRange(0, previous.Extra);
            _records[^1] = previous with { Extra = extra };
            return;
        }

        var words = new ulong[layout.WordCount];
        if (!layout.FindField("EventID")!.TryGetEnumValue(name, out var id))
        {
            _warnings.Add($"line {line}: unknown SMMUv3 event name '{name}'; skipped");
            return;
        }

        Set(layout, words, "EventID", id);
        Set(layout, words, "StreamID", sid);

        // The driver prints ssid 0 (IOMMU_NO_PASID) when SSV is clear: a non-zero ssid means SSV was set.
        Set(layout, words, "SSV", ssid != 0 ? 1UL : 0);
        Set(layout, words, "SubstreamID", ssid);
        if (m.Groups["iova"].Success)
        {
            Set(layout, words, "InputAddr", Hex(m.Groups["iova"].Value));
        }

        if (m.Groups["fetch"].Success)
        {
            Set(layout, words, "FetchAddr", Hex(m.Groups["fetch"].Value));
        }

        var title = $"{name} (0x{id:x2}) sid 0x{sid:x}";
        Add(new LogRecord(line, "arm-smmu-v3 event line", title, layout, words, SmmuEvents.Meaning((byte)id), SmmuEvents.Cause((byte)id, layout, words), null, extra));
    }

    private void ReadEventDetails(Match m)
    {
        // The second line of an F_TRANSLATION/F_ADDR_SIZE/F_ACCESS/F_PERMISSION report: it completes the record before it.
        if (_records.Count == 0 || _records[^1].Layout.Name != "smmuv3.event")
        {
            return;
        }

        var previous = _records[^1];
        var layout = previous.Layout;
        var words = (ulong[])previous.Words.Clone();
        Set(layout, words, "PnU", m.Groups["priv"].Value == "priv" ? 1UL : 0);
        Set(layout, words, "InD", m.Groups["ind"].Value == "inst" ? 1UL : 0);
        Set(layout, words, "RnW", m.Groups["rnw"].Value == "read" ? 1UL : 0);
        Set(layout, words, "S2", m.Groups["s2"].Value == "s2" ? 1UL : 0);
        Set(layout, words, "Stall", m.Groups["stall"].Success ? 1UL : 0);
        Set(layout, words, "STAG", Hex(m.Groups["stag"].Value));
        if (m.Groups["tt"].Success)
        {
            Set(layout, words, "TTRnW", m.Groups["tt"].Value == "ttd_read" ? 1UL : 0);
        }

        // event_class_str in arm-smmu-v3.c: 0 "CD fetch", 1 "Stage 1 translation table fetch", 2 "Input address caused fault".
        var cls = m.Groups["class"].Value switch
        {
            "CD fetch" => 0UL,
            "Stage 1 translation table fetch" => 1UL,
            "Input address caused fault" => 2UL,
            _ => 3UL,
        };
        Set(layout, words, "CLASS", cls);
        if (previous.Source == "arm-smmu-v3 event dump")
        {
            // The raw dump already holds these bits; the line only repeats them.
            return;
        }

        var id = (byte)layout.FindField("EventID")!.ReadRaw(words);
        _records[^1] = previous with { Words = words, Cause = SmmuEvents.Cause(id, layout, words) };
    }

    private void ReadDmarFault(int line, Match m)
    {
        var layout = Layout("vtd.frcd");
        var bus = Hex(m.Groups["bus"].Value);
        var dev = Hex(m.Groups["dev"].Value);
        var fn = (ulong)(m.Groups["fn"].Value[0] - '0');
        var sourceId = (bus << 8) | (dev << 3) | fn;
        var reasonText = m.Groups["reason"].Value;

        // 0x%02x in current kernels, %02d in the oldest ones, %02xh in one proposed form.
        var reason = reasonText.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || m.Groups["h"].Success
            ? Hex(reasonText)
            : ulong.TryParse(reasonText, NumberStyles.None, CultureInfo.InvariantCulture, out var decimalReason)
                ? decimalReason
                : throw new UsageException($"fault reason '{reasonText}' is not a number");
        var kind = m.Groups["kind"].Value;
        var words = new ulong[layout.WordCount];
        Set(layout, words, "Fault", 1);
        Set(layout, words, "SourceId", sourceId);
        Set(layout, words, "Fr", reason & 0xFF);
        var value = Hex(m.Groups["addr"].Value);
        if (kind == "INTR-REMAP")
        {
            // The driver prints addr >> 48: the interrupt index in FI bits 63:48.
            Set(layout, words, "FaultInfo", value << 48);
        }
        else
        {
            Set(layout, words, "FaultInfo", value & ~0xFFFUL);
            Set(layout, words, "T1", kind == "DMA Read" ? 1UL : 0);
        }

        var pasidGroup = m.Groups["pasid"].Success ? m.Groups["pasid"] : m.Groups["oldpasid"];
        var pasid = pasidGroup.Success ? Hex(pasidGroup.Value) : (ulong?)null;
        if (pasid is { } p)
        {
            Set(layout, words, "PasidPresent", 1);
            Set(layout, words, "PasidValue", p & 0xFFFFF);
        }

        var device = $"{bus:x2}:{dev:x2}.{fn}";
        var title = $"{kind} fault, device {device}, reason 0x{reason:x2}" + (pasid is { } q ? $", PASID 0x{q:x}" : string.Empty);
        var extra = new List<KeyValuePair<string, string>>
        {
            new("device", device),
            new(kind == "INTR-REMAP" ? "index" : "address", FieldText.Hex(value)),
            new("kernelReason", m.Groups["text"].Value.Trim()),
        };
        _faultLine = line;
        _scalableDump = reason >= 0x30;
        Add(new LogRecord(line, "DMAR fault", title, layout, words, FaultReasons.Describe((byte)reason), VtdFaults.Cause((byte)reason), null, extra));
    }

    private void ReadPasidTableEntry(int line, Match m)
    {
        var index = int.TryParse(m.Groups["i"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue;
        if (index == 0 || _pasidWords is null)
        {
            FlushPasid();
            _pasidWords = new ulong[PasidEntryWords];
            _pasidLine = line;
            _pasidCount = 0;
        }

        if (index < PasidEntryWords)
        {
            _pasidWords[index] = Hex(m.Groups["v"].Value);
            _pasidCount++;
        }

        if (_pasidCount == PasidEntryWords)
        {
            FlushPasid();
        }
    }

    private void FlushPasid()
    {
        if (_pasidWords is null)
        {
            return;
        }

        var words = _pasidWords;
        _pasidWords = null;
        var layout = Layout("vtd.pasid");
        Add(new LogRecord(_pasidLine, "VT-d fault dump", layout.Name, layout, words, null, EntryCause(layout, words), _faultLine, []));
    }

    private void ReadDebugfsTranslation(int line, Match m)
    {
        var bdf = m.Groups["bdf"].Value;
        var pasid = int.TryParse(m.Groups["pasid"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p)
            ? p
            : throw new UsageException($"PASID '{m.Groups["pasid"].Value}' is not a number");
        var extra = new List<KeyValuePair<string, string>> { new("device", bdf) };
        var source = "debugfs dmar_translation_struct";

        // A legacy-mode unit prints PASID -1 and zero PASID words (debugfs.c print_tbl_walk).
        var scalable = pasid >= 0;
        var root = Layout(scalable ? "vtd.sm-root" : "vtd.root");
        var rootWords = new[] { Hex(m.Groups["rlo"].Value), Hex(m.Groups["rhi"].Value) };
        Add(new LogRecord(line, source, $"{root.Name} for {bdf}", root, rootWords, null, EntryCause(root, rootWords), null, extra));
        var context = Layout(scalable ? "vtd.sm-context" : "vtd.context");
        var contextWords = new ulong[context.WordCount];
        contextWords[0] = Hex(m.Groups["clo"].Value);
        contextWords[1] = Hex(m.Groups["chi"].Value);
        Add(new LogRecord(line, source, $"{context.Name} for {bdf}", context, contextWords, null, EntryCause(context, contextWords), null, extra));
        if (scalable)
        {
            var entry = Layout("vtd.pasid");
            var pasidWords = new ulong[entry.WordCount];
            pasidWords[0] = Hex(m.Groups["p0"].Value);
            pasidWords[1] = Hex(m.Groups["p1"].Value);
            pasidWords[2] = Hex(m.Groups["p2"].Value);
            var pasidExtra = new List<KeyValuePair<string, string>>(extra) { new("pasid", pasid.ToString(CultureInfo.InvariantCulture)) };
            Add(new LogRecord(line, source, $"{entry.Name} for {bdf} PASID {pasid}", entry, pasidWords, null, EntryCause(entry, pasidWords), null, pasidExtra));
        }
    }

    private void AddEntry(int line, string source, string format, ulong lo, ulong hi = 0)
    {
        var layout = Layout(format);
        var words = new ulong[layout.WordCount];
        words[0] = lo;
        if (words.Length > 1)
        {
            words[1] = hi;
        }

        Add(new LogRecord(line, source, layout.Name, layout, words, null, EntryCause(layout, words), _faultLine, []));
    }

    private void Add(LogRecord record) => _records.Add(record);

    /// <summary>What an entry dumped after a fault says about it: not present, or the rules it breaks.</summary>
    private static string? EntryCause(LayoutInfo layout, ulong[] words)
    {
        var present = layout.FindField("Present") ?? layout.FindField("LowerPresent");
        if (present is not null && present.ReadRaw(words) == 0)
        {
            return $"{present.Name} is clear: the entry is not present, so every request through it faults";
        }

        var report = layout.Ops.Validate(words);
        return report.IsValid ? null : $"the entry breaks {(report.Count == 1 ? "1 rule" : $"{report.Count} rules")} (listed below): the unit treats it as invalid";
    }

    private LayoutInfo Layout(string name) =>
        _catalog.TryFind(name, out var layout)
            ? layout
            : throw new UsageException($"--from-log needs the {name} format, which this build does not have");

    private static string SmmuEventName(LayoutInfo layout, byte id) =>
        layout.FindField("EventID")!.TryGetEnumName(id, out var name) ? name : "UNKNOWN";

    private static void Set(LayoutInfo layout, ulong[] words, string field, ulong value)
    {
        var f = layout.FindField(field) ?? throw new InvalidOperationException($"{layout.Name} has no field {field}");
        if (!f.TryToRaw(value, out var raw, out var error))
        {
            throw new UsageException($"--from-log: {error}");
        }

        f.WriteRaw(words, raw);
    }

    private static ulong Hex(string text)
    {
        var s = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"'{text}' does not fit in 64 bits");
    }

    private const string H = "(?:0x)?[0-9a-fA-F]+";

    [GeneratedRegex(@"event 0x(?<id>[0-9a-fA-F]{2}) received:\s*$")]
    private static partial Regex EventHeader();

    [GeneratedRegex(@"(?:^|:)\s*0x(?<v>[0-9a-fA-F]{16})\s*$")]
    private static partial Regex EventDword();

    [GeneratedRegex(@"event: (?<event>\S+) client: (?<client>.+?) sid: (?<sid>" + H + ") ssid: (?<ssid>" + H + @")(?: iova: (?<iova>" + H + ") ipa: (?<ipa>" + H + @")| fetch_addr: (?<fetch>" + H + @"))?\s*$")]
    private static partial Regex EventSummary();

    [GeneratedRegex(@"(?<priv>priv|unpriv) (?<ind>inst|data) (?<rnw>read|write) (?<s2>s1|s2) ""(?<class>[^""]*)""(?: (?<tt>ttd_read|ttd_write))?(?<stall> stall)? stag: (?<stag>" + H + @")\s*$")]
    private static partial Regex EventDetails();

    [GeneratedRegex(@"\[(?<kind>DMA Read|DMA Write|INTR-REMAP)(?: NO_PASID| PASID 0x(?<pasid>[0-9a-fA-F]+))?\] Request device \[(?:0x)?(?<bus>[0-9a-fA-F]{2}):(?:0x)?(?<dev>[0-9a-fA-F]{2})\.(?<fn>[0-7])\](?: PASID (?<oldpasid>[0-9a-fA-F]+))? fault (?:addr|index) (?<addr>" + H + @") \[fault reason (?<reason>(?:0x)?[0-9a-fA-F]+)(?<h>h)?\](?<text>.*)$")]
    private static partial Regex DmarFault();

    [GeneratedRegex(@"scalable mode root entry: hi 0x(?<hi>[0-9a-fA-F]{16}), low 0x(?<lo>[0-9a-fA-F]{16})")]
    private static partial Regex ScalableRootEntry();

    [GeneratedRegex(@"root entry: 0x(?<lo>[0-9a-fA-F]{16})")]
    private static partial Regex RootEntry();

    [GeneratedRegex(@"context entry: hi 0x(?<hi>[0-9a-fA-F]{16}), low 0x(?<lo>[0-9a-fA-F]{16})")]
    private static partial Regex ContextEntry();

    [GeneratedRegex(@"pasid dir entry: 0x(?<v>[0-9a-fA-F]{16})")]
    private static partial Regex PasidDirEntry();

    [GeneratedRegex(@"pasid table entry\[(?<i>\d+)\]: 0x(?<v>[0-9a-fA-F]{16})")]
    private static partial Regex PasidTableEntry();

    [GeneratedRegex(@"^\s*(?<bdf>[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7])\t0x(?<rhi>[0-9a-fA-F]{16}):0x(?<rlo>[0-9a-fA-F]{16})\t0x(?<chi>[0-9a-fA-F]{16}):0x(?<clo>[0-9a-fA-F]{16})\t(?<pasid>-?\d+)\s*\t0x(?<p2>[0-9a-fA-F]{16}):0x(?<p1>[0-9a-fA-F]{16}):0x(?<p0>[0-9a-fA-F]{16})\s*$")]
    private static partial Regex DebugfsTranslation();

    [GeneratedRegex(@"^\s*(?<format>[a-z0-9]+(?:\.[a-z0-9-]+)+): (?<words>(?:0x)?[0-9a-fA-F_]+(?:[ ,]+(?:0x)?[0-9a-fA-F_]+)*)\s*$")]
    private static partial Regex ToolHeadline();
}
