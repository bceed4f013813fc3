using System;
using System.Text.Json;

namespace IommuLayouts;

/// <summary>
/// Entries as JSON, in the shape the CLI's <c>decode --json</c> documents and scenario reports reuse:
/// <c>{"name", "words": ["0x…"], "fields": {"&lt;name&gt;": value}, "valid", "violations": [{"rule","lo","hi","message"}]}</c>.
/// </summary>
public static class LayoutJson
{
    /// <summary>
    /// Largest integer a JSON number carries through an IEEE double without loss (2^53 - 1). Larger unsigned
    /// values are written as hex strings so JavaScript-based tools read them exactly.
    /// </summary>
    public const ulong MaxSafeJsonInteger = (1UL << 53) - 1;

    /// <summary>A field's value: a bool, an enum name (or the number when undefined), a hex string for addresses, a number otherwise (a hex string above 2^53 - 1).</summary>
    public static void WriteFieldValue(Utf8JsonWriter writer, BitFieldInfo field, ReadOnlySpan<ulong> words)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(field);
        var value = field.ReadValue(words);
        switch (field.Kind)
        {
            case FieldKind.Flag:
                writer.WriteBooleanValue(value != 0);
                break;
            case FieldKind.Enum when field.TryGetEnumName(value, out var name):
                writer.WriteStringValue(name);
                break;
            case FieldKind.Address:
                writer.WriteStringValue(FieldText.Hex(value));
                break;
            default:
                if (value <= MaxSafeJsonInteger)
                {
                    writer.WriteNumberValue(value);
                }
                else
                {
                    writer.WriteStringValue(FieldText.Hex(value));
                }

                break;
        }
    }

    /// <summary>Writes <c>"property": ["0x…", …]</c>, 16 hex digits a word.</summary>
    public static void WriteWords(Utf8JsonWriter writer, string property, ReadOnlySpan<ulong> words)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(property);
        foreach (var w in words)
        {
            writer.WriteStringValue(FieldText.Word(w));
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <c>"violations": [{"rule", "lo", "hi", "message"}]</c>.</summary>
    public static void WriteViolations(Utf8JsonWriter writer, ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray("violations");
        foreach (var v in report)
        {
            writer.WriteStartObject();
            writer.WriteString("rule", v.Rule);
            writer.WriteNumber("lo", v.Lo);
            writer.WriteNumber("hi", v.Hi);
            writer.WriteString("message", v.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes the whole decoded entry as one JSON object.</summary>
    public static void WriteDecoded(Utf8JsonWriter writer, LayoutInfo layout, ReadOnlySpan<ulong> words)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(layout);
        var report = layout.Ops.Validate(words);
        writer.WriteStartObject();
        writer.WriteString("name", layout.Name);
        WriteWords(writer, "words", words);
        writer.WriteStartObject("fields");
        foreach (var f in layout.Fields)
        {
            writer.WritePropertyName(f.Name);
            WriteFieldValue(writer, f, words);
        }

        writer.WriteEndObject();
        writer.WriteBoolean("valid", report.IsValid);
        WriteViolations(writer, report);
        writer.WriteEndObject();
    }
}
