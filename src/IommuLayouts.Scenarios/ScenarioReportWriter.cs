using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Scenarios;

/// <summary>
/// Reports for scripts (JSON, see docs/scenario-format.md) and for people (one line a request, the trace and the
/// decoded record under it).
/// </summary>
public static class ScenarioReportWriter
{
    public static void WriteJson(Utf8JsonWriter writer, ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var vtd = report.Iommu.Equals("vtd", StringComparison.OrdinalIgnoreCase);
        writer.WriteStartObject();
        writer.WriteString("iommu", report.Iommu);
        writer.WriteBoolean("passed", report.Passed);
        writer.WriteStartArray("results");
        foreach (var r in report.Results)
        {
            writer.WriteStartObject();
            writer.WriteString("name", r.Request.Name);
            if (r.Request.Kind == ScenarioRequestKind.Interrupt)
            {
                writer.WriteString("kind", "interrupt");
            }

            writer.WriteBoolean("ok", r.Result.Ok);
            if (r.Result.Detail is { } detail)
            {
                writer.WriteString("output", FieldText.Hex(r.Result.Output));
                if (r.Result.Data is { } data)
                {
                    writer.WriteString("data", FieldText.Hex(data));
                }

                writer.WriteString("interrupt", detail);
            }
            else if (r.Result.Ok)
            {
                writer.WriteString("output", FieldText.Hex(r.Result.Output));
                writer.WriteString("pageSize", FieldText.Hex(r.Result.PageSize));
                writer.WriteString("permissions", Permissions(r.Result.Permissions));
            }
            else
            {
                writer.WriteString("fault", r.Result.Fault);
                if (vtd)
                {
                    writer.WriteString("faultReason", r.Result.Fault);
                }
            }

            if (r.Result.Record is { } record)
            {
                writer.WritePropertyName(vtd ? "faultRecord" : "event");
                LayoutJson.WriteDecoded(writer, record.Layout, record.Words);
            }

            if (r.Passed is { } passed)
            {
                writer.WriteBoolean("pass", passed);
                if (r.Mismatch is { } mismatch)
                {
                    writer.WriteString("mismatch", mismatch);
                }
            }

            if (r.Trace.Count > 0)
            {
                writer.WriteStartArray("trace");
                foreach (var step in r.Trace)
                {
                    WriteStep(writer, step);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("events");
        foreach (var record in report.Records)
        {
            LayoutJson.WriteDecoded(writer, record.Layout, record.Words);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void WriteText(TextWriter output, ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var r in report.Results)
        {
            var request = r.Request;
            var what = string.Create(CultureInfo.InvariantCulture, $"{request.Name}: {Access(request)} {FieldText.Hex(request.Address)}{Source(request)}");
            var outcome = r.Result.Detail is { } detail
                ? "-> " + detail
                : r.Result.Ok
                ? string.Create(CultureInfo.InvariantCulture, $"-> {FieldText.Hex(r.Result.Output)} ({Size(r.Result.PageSize)} page, {Permissions(r.Result.Permissions)})")
                : $"-> fault {r.Result.Fault}";
            var verdict = r.Passed switch
            {
                true => "  [as expected]",
                false => $"  [FAILED: {r.Mismatch}]",
                null => string.Empty,
            };
            output.WriteLine($"{what} {outcome}{verdict}");
            foreach (var step in r.Trace)
            {
                output.WriteLine("    " + StepText(step));
            }

            if (r.Result.Record is { } record)
            {
                output.WriteLine($"    {record.Layout.Name}:");
                foreach (var field in record.Layout.Fields)
                {
                    var value = field.ReadValue(record.Words);
                    if (value != 0 || field.Kind == FieldKind.Enum)
                    {
                        output.WriteLine($"      {field.Name,-16} {FieldText.Format(field, record.Words)}");
                    }
                }
            }
        }

        output.WriteLine(report.Records.Count == 1 ? "1 record written" : $"{report.Records.Count} records written");
        output.WriteLine(report.Passed
            ? "all expectations met"
            : report.Failures == 1 ? "1 expectation failed" : $"{report.Failures} expectations failed");
    }

    /// <summary>One trace step for people: stage, level, where, what was read, and what the walker decided.</summary>
    public static string StepText(in WalkTraceStep step)
    {
        var where = step.HasDescriptor
            ? string.Create(CultureInfo.InvariantCulture, $"table {FieldText.Hex(step.TableAddress)}[{step.Index}] @ {FieldText.Hex(step.DescriptorAddress)} = {FieldText.Word(step.Descriptor)}")
            : "no descriptor read";
        var decision = step.Fault == default || step.Decision != WalkStepDecision.Fault ? step.Decision.ToString() : $"{step.Decision} ({step.Fault})";
        return string.Create(CultureInfo.InvariantCulture, $"{step.Purpose} L{step.Level}: {where} -> {decision}");
    }

    private static void WriteStep(Utf8JsonWriter writer, in WalkTraceStep step)
    {
        writer.WriteStartObject();
        writer.WriteString("walk", step.Purpose.ToString());
        writer.WriteNumber("level", step.Level);
        writer.WriteString("table", FieldText.Hex(step.TableAddress));
        writer.WriteNumber("index", step.Index);
        if (step.HasDescriptor)
        {
            writer.WriteString("descriptorAddress", FieldText.Hex(step.DescriptorAddress));
            writer.WriteString("descriptor", FieldText.Word(step.Descriptor));
            writer.WriteString("decoded", step.DecodeDescriptor());
        }

        writer.WriteString("decision", step.Decision.ToString());
        if (step.Decision == WalkStepDecision.Fault)
        {
            writer.WriteString("fault", step.Fault.ToString());
        }

        writer.WriteEndObject();
    }

    /// <summary>Permissions as <c>p:rwx u:rwx</c> with dashes for what is not allowed.</summary>
    public static string Permissions(WalkPermissions p)
    {
        static char Bit(WalkPermissions p, WalkPermissions flag, char c) => (p & flag) != 0 ? c : '-';
        return string.Concat(
            "p:",
            Bit(p, WalkPermissions.PrivilegedRead, 'r').ToString(),
            Bit(p, WalkPermissions.PrivilegedWrite, 'w').ToString(),
            Bit(p, WalkPermissions.PrivilegedExecute, 'x').ToString(),
            " u:",
            Bit(p, WalkPermissions.UnprivilegedRead, 'r').ToString(),
            Bit(p, WalkPermissions.UnprivilegedWrite, 'w').ToString(),
            Bit(p, WalkPermissions.UnprivilegedExecute, 'x').ToString());
    }

    private static string Access(ScenarioRequest r) => r.Kind == ScenarioRequestKind.Interrupt
        ? string.Create(CultureInfo.InvariantCulture, $"interrupt data 0x{r.Data:x} to")
        : r.Access switch
    {
        AccessKind.Write => "write",
        AccessKind.InstructionFetch => "fetch",
        _ => "read",
    } + (r.Privileged ? " (privileged)" : string.Empty);

    private static string Source(ScenarioRequest r)
    {
        if (r.StreamId is { } sid)
        {
            return r.SubstreamId is { } ssid
                ? string.Create(CultureInfo.InvariantCulture, $" from stream {sid} substream {ssid}")
                : string.Create(CultureInfo.InvariantCulture, $" from stream {sid}");
        }

        if (r.SourceId is { } source)
        {
            var bdf = string.Create(CultureInfo.InvariantCulture, $"{source >> 8:x2}:{(source >> 3) & 0x1f:x2}.{source & 7}");
            return r.Pasid is { } pasid ? $" from {bdf} pasid {pasid}" : $" from {bdf}";
        }

        return string.Empty;
    }

    private static string Size(ulong size) => size switch
    {
        >= 1UL << 30 when size % (1UL << 30) == 0 => $"{size >> 30}G",
        >= 1UL << 20 when size % (1UL << 20) == 0 => $"{size >> 20}M",
        >= 1UL << 10 when size % (1UL << 10) == 0 => $"{size >> 10}K",
        _ => FieldText.Hex(size),
    };
}
