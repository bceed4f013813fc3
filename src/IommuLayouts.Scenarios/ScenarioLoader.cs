using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Scenarios;

/// <summary>
/// Reads scenario JSON strictly: unknown keys, wrong types and values that do not fit are errors naming the JSON path
/// and the expected form, so a typo never silently changes what a scenario tests.
/// </summary>
public sealed class ScenarioLoader
{
    private static readonly string[] s_rootKeys = { "iommu", "description", "capabilities", "memory", "descriptors", "registers", "steps", "requests", "expect", "drainEvents" };
    private static readonly string[] s_requestKeys = { "name", "stream", "substream", "source", "pasid", "address", "access", "privileged", "execute", "kind", "data" };

    private readonly LayoutCatalog _catalog;

    public ScenarioLoader(LayoutCatalog catalog) => _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));

    /// <summary>The catalog of every format the emulator knows (the specs' layouts).</summary>
    public static LayoutCatalog DefaultCatalog { get; } = new(IommuLayouts.Specs.BitLayoutCatalog.Layouts);

    public Scenario LoadFile(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException("$", $"cannot read {file}: {ex.Message}");
        }

        return Load(text);
    }

    public Scenario Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ScenarioException("$", $"not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {FirstSentence(ex.Message)}");
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    private Scenario Parse(JsonElement root)
    {
        Expect(root, JsonValueKind.Object, "$", "an object");
        CheckKeys(root, "$", s_rootKeys);

        var iommu = RequiredString(root, "iommu", "$");
        var description = OptionalString(root, "description", "$");
        JsonElement? capabilities = null;
        if (root.TryGetProperty("capabilities", out var caps))
        {
            Expect(caps, JsonValueKind.Object, "$.capabilities", "an object");
            capabilities = caps.Clone();
        }

        var actions = new List<ScenarioAction>();
        foreach (var (item, path) in Items(root, "memory", "$"))
        {
            actions.Add(ParseMemory(item, path));
        }

        foreach (var (item, path) in Items(root, "descriptors", "$"))
        {
            actions.Add(ParseDescriptor(item, path));
        }

        foreach (var (item, path) in Items(root, "registers", "$"))
        {
            actions.Add(ParseRegister(item, path));
        }

        foreach (var (item, path) in Items(root, "steps", "$"))
        {
            actions.Add(ParseStep(item, path));
        }

        foreach (var (item, path) in Items(root, "requests", "$"))
        {
            actions.Add(new RequestAction(path, ParseRequest(item, path)));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (action is RequestAction request && !names.Add(request.Request.Name))
            {
                throw new ScenarioException(action.Path + ".name", $"request name '{request.Request.Name}' is used twice");
            }
        }

        var expectations = new Dictionary<string, ScenarioExpectation>(StringComparer.Ordinal);
        if (root.TryGetProperty("expect", out var expect))
        {
            Expect(expect, JsonValueKind.Object, "$.expect", "an object mapping request names to expectations");
            foreach (var property in expect.EnumerateObject())
            {
                var path = $"$.expect.{property.Name}";
                if (!names.Contains(property.Name))
                {
                    throw new ScenarioException(path, $"no request is named '{property.Name}'");
                }

                expectations[property.Name] = ParseExpectation(property.Value, path);
            }
        }

        return new Scenario(iommu, description, capabilities, actions, expectations)
        {
            DrainEvents = OptionalBool(root, "drainEvents", "$") ?? true,
        };
    }

    private static MemoryWriteAction ParseMemory(JsonElement item, string path)
    {
        Expect(item, JsonValueKind.Object, path, "an object {\"address\", \"words\"}");
        CheckKeys(item, path, "address", "words");
        var address = RequiredNumber(item, "address", path);
        if (!item.TryGetProperty("words", out var wordsElement) || wordsElement.ValueKind != JsonValueKind.Array)
        {
            throw new ScenarioException(path + ".words", "expected an array of 64-bit words (\"0x...\" strings or numbers)");
        }

        var words = new List<ulong>();
        var i = 0;
        foreach (var w in wordsElement.EnumerateArray())
        {
            words.Add(Number(w, $"{path}.words[{i++}]"));
        }

        return new MemoryWriteAction(path, address, words.ToArray());
    }

    private DescriptorWriteAction ParseDescriptor(JsonElement item, string path)
    {
        Expect(item, JsonValueKind.Object, path, "an object {\"address\", \"format\", \"fields\"}");
        CheckKeys(item, path, "address", "format", "fields");
        var address = RequiredNumber(item, "address", path);
        var layout = Layout(RequiredString(item, "format", path), path + ".format");
        var words = Encode(layout, item, path);
        return new DescriptorWriteAction(path, address, layout, words);
    }

    /// <summary>The words of an entry built from a <c>"fields"</c> object; RES1 bits are set, as hardware requires.</summary>
    public ulong[] Encode(LayoutInfo layout, JsonElement item, string path)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var words = new ulong[layout.WordCount];
        foreach (var r in layout.Res1)
        {
            for (var bit = r.Lo; bit <= r.Hi; bit++)
            {
                words[bit >> 6] |= 1UL << (bit & 63);
            }
        }

        if (!item.TryGetProperty("fields", out var fields))
        {
            return words;
        }

        Expect(fields, JsonValueKind.Object, path + ".fields", "an object of field names and values");
        foreach (var property in fields.EnumerateObject())
        {
            var fieldPath = $"{path}.fields.{property.Name}";
            var field = layout.FindField(property.Name)
                ?? throw new ScenarioException(fieldPath, $"{layout.Name} has no field '{property.Name}' (see 'iommu-layouts describe {layout.Name}')");
            var text = property.Value.ValueKind switch
            {
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.String => property.Value.GetString()!,
                _ => throw new ScenarioException(fieldPath, "expected true/false, a number, a \"0x...\" string or an enum name"),
            };
            if (!FieldText.TryParse(field, text, out var raw, out var error))
            {
                throw new ScenarioException(fieldPath, error);
            }

            field.WriteRaw(words, raw);
        }

        return words;
    }

    private static RegisterWriteAction ParseRegister(JsonElement item, string path)
    {
        Expect(item, JsonValueKind.Object, path, "an object {\"offset\", \"value\", \"width\"}");
        CheckKeys(item, path, "offset", "value", "width");
        var offset = RequiredNumber(item, "offset", path);
        var value = RequiredNumber(item, "value", path);
        var width = item.TryGetProperty("width", out var w) ? (int)Number(w, path + ".width") : 32;
        if (width is not (32 or 64))
        {
            throw new ScenarioException(path + ".width", $"expected 32 or 64, not {width}");
        }

        if (width == 32 && value > uint.MaxValue)
        {
            throw new ScenarioException(path + ".value", $"0x{value:x} does not fit a 32-bit write (give \"width\": 64)");
        }

        if ((offset & ((ulong)(width / 8) - 1)) != 0)
        {
            throw new ScenarioException(path + ".offset", $"0x{offset:x} is not aligned to a {width}-bit register");
        }

        return new RegisterWriteAction(path, offset, value, width);
    }

    private static RegisterCheckAction ParseRegisterCheck(JsonElement item, string path)
    {
        Expect(item, JsonValueKind.Object, path, "an object {\"offset\", \"value\", \"width\"}");
        CheckKeys(item, path, "offset", "value", "width");
        var read = ParseRegister(item, path);
        return new RegisterCheckAction(path, read.Offset, read.Value, read.Width);
    }

    private static MemoryCheckAction ParseMemoryCheck(JsonElement item, string path)
    {
        Expect(item, JsonValueKind.Object, path, "an object {\"address\", \"value\"}");
        CheckKeys(item, path, "address", "value");
        var address = RequiredNumber(item, "address", path);
        if ((address & 7) != 0)
        {
            throw new ScenarioException(path + ".address", $"0x{address:x} is not 8-byte aligned");
        }

        return new MemoryCheckAction(path, address, RequiredNumber(item, "value", path));
    }

    private ScenarioAction ParseStep(JsonElement item, string path)
    {
        Expect(item, JsonValueKind.Object, path, "an object with one key (memory, descriptor, register, request, expect-register, expect-memory, or a device step)");
        using var properties = item.EnumerateObject();
        if (!properties.MoveNext())
        {
            throw new ScenarioException(path, "a step needs one key (memory, descriptor, register, request, expect-register, expect-memory, or a device step)");
        }

        var step = properties.Current;
        if (properties.MoveNext())
        {
            throw new ScenarioException(path, $"a step has one key; this one has '{step.Name}' and '{properties.Current.Name}'");
        }

        var bodyPath = $"{path}.{step.Name}";
        return step.Name switch
        {
            "memory" => ParseMemory(step.Value, bodyPath),
            "descriptor" => ParseDescriptor(step.Value, bodyPath),
            "register" => ParseRegister(step.Value, bodyPath),
            "request" => new RequestAction(bodyPath, ParseRequest(step.Value, bodyPath)),
            "expect-register" => ParseRegisterCheck(step.Value, bodyPath),
            "expect-memory" => ParseMemoryCheck(step.Value, bodyPath),
            _ => new DeviceStepAction(bodyPath, step.Name, step.Value.Clone()),
        };
    }

    private static ScenarioRequest ParseRequest(JsonElement item, string path)
    {
        Expect(item, JsonValueKind.Object, path, "an object {\"name\", \"address\", \"access\", ...}");
        CheckKeys(item, path, s_requestKeys);
        var name = RequiredString(item, "name", path);
        var address = RequiredNumber(item, "address", path);
        var access = AccessKind.Read;
        if (item.TryGetProperty("access", out var accessElement))
        {
            var text = accessElement.ValueKind == JsonValueKind.String ? accessElement.GetString()! : string.Empty;
            access = text.ToLowerInvariant() switch
            {
                "read" => AccessKind.Read,
                "write" => AccessKind.Write,
                "instruction" or "fetch" or "exec" or "execute" => AccessKind.InstructionFetch,
                _ => throw new ScenarioException(path + ".access", $"expected \"read\", \"write\" or \"instruction\", not {accessElement.GetRawText()}"),
            };
        }

        var privileged = OptionalBool(item, "privileged", path) ?? false;
        var execute = (OptionalBool(item, "execute", path) ?? false) || access == AccessKind.InstructionFetch;
        uint? stream = item.TryGetProperty("stream", out var s) ? Fit32(Number(s, path + ".stream"), path + ".stream") : null;
        uint? substream = item.TryGetProperty("substream", out var ss) ? Fit32(Number(ss, path + ".substream"), path + ".substream") : null;
        uint? pasid = item.TryGetProperty("pasid", out var p) ? Fit32(Number(p, path + ".pasid"), path + ".pasid") : null;
        ushort? source = item.TryGetProperty("source", out var src) ? SourceId(src, path + ".source") : null;
        if (pasid > 0xFFFFF)
        {
            throw new ScenarioException(path + ".pasid", $"a PASID is 20 bits; {pasid} is too large");
        }

        var kind = ScenarioRequestKind.Dma;
        if (item.TryGetProperty("kind", out var kindElement))
        {
            kind = (kindElement.ValueKind == JsonValueKind.String ? kindElement.GetString()! : string.Empty) switch
            {
                "dma" => ScenarioRequestKind.Dma,
                "interrupt" => ScenarioRequestKind.Interrupt,
                _ => throw new ScenarioException(path + ".kind", $"expected \"dma\" or \"interrupt\", not {kindElement.GetRawText()}"),
            };
        }

        uint data = 0;
        if (item.TryGetProperty("data", out var dataElement))
        {
            if (kind != ScenarioRequestKind.Interrupt)
            {
                throw new ScenarioException(path + ".data", "only an interrupt request (\"kind\": \"interrupt\") has data");
            }

            data = Fit32(Number(dataElement, path + ".data"), path + ".data");
        }

        if (kind == ScenarioRequestKind.Interrupt && (pasid is not null || item.TryGetProperty("access", out _) || privileged || execute))
        {
            throw new ScenarioException(path, "an interrupt request is a write of \"data\" to \"address\": it takes no \"access\", \"pasid\", \"privileged\" or \"execute\"");
        }

        return new ScenarioRequest(name, address, kind == ScenarioRequestKind.Interrupt ? AccessKind.Write : access, privileged, execute, stream, substream, source, pasid)
        {
            Kind = kind,
            Data = data,
        };
    }

    private static ScenarioExpectation ParseExpectation(JsonElement item, string path)
    {
        Expect(item, JsonValueKind.Object, path, "an object {\"output\": \"0x...\"} or {\"fault\": \"...\"}");
        CheckKeys(item, path, "output", "pageSize", "fault", "data");
        ulong? output = item.TryGetProperty("output", out var o) ? Number(o, path + ".output") : null;
        ulong? pageSize = item.TryGetProperty("pageSize", out var ps) ? Number(ps, path + ".pageSize") : null;
        var fault = OptionalString(item, "fault", path);
        if ((output is null) == (fault is null))
        {
            throw new ScenarioException(path, "give either \"output\" or \"fault\"");
        }

        if (fault is not null && pageSize is not null)
        {
            throw new ScenarioException(path + ".pageSize", "a fault has no page size");
        }

        ulong? data = item.TryGetProperty("data", out var d) ? Number(d, path + ".data") : null;
        if (fault is not null && data is not null)
        {
            throw new ScenarioException(path + ".data", "a fault has no data");
        }

        return new ScenarioExpectation(path, output, pageSize, fault) { Data = data };
    }

    private LayoutInfo Layout(string name, string path)
    {
        if (_catalog.TryFind(name, out var layout))
        {
            return layout;
        }

        throw new ScenarioException(path, $"unknown format '{name}' (run 'iommu-layouts formats' for the list)");
    }

    /// <summary>A PCI source id: "bb:dd.f" (hex bus, device, function, as lspci prints) or a 16-bit number.</summary>
    public static ushort SourceId(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!;
            var parts = text.Split(':', '.');
            if (parts.Length == 3
                && byte.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var bus)
                && byte.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var device) && device < 32
                && byte.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var function) && function < 8)
            {
                return (ushort)((bus << 8) | (device << 3) | function);
            }

            if (!FieldText.TryParseNumber(text, out _))
            {
                throw new ScenarioException(path, $"expected \"bus:device.function\" in hex (e.g. \"00:03.0\") or a number, not \"{text}\"");
            }
        }

        var value = Number(element, path);
        return value <= ushort.MaxValue ? (ushort)value : throw new ScenarioException(path, $"a source id is 16 bits; 0x{value:x} is too large");
    }

    private static uint Fit32(ulong value, string path) =>
        value <= uint.MaxValue ? (uint)value : throw new ScenarioException(path, $"0x{value:x} does not fit 32 bits");

    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement root, string key, string parent)
    {
        if (!root.TryGetProperty(key, out var array))
        {
            yield break;
        }

        var path = $"{parent}.{key}";
        Expect(array, JsonValueKind.Array, path, "an array");
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            yield return (item, $"{path}[{i++}]");
        }
    }

    /// <summary>The number <paramref name="key"/> of <paramref name="item"/>, or a message naming it when it is missing.</summary>
    internal static ulong RequiredNumber(JsonElement item, string key, string path) =>
        item.TryGetProperty(key, out var value) ? Number(value, $"{path}.{key}") : throw new ScenarioException($"{path}.{key}", "is missing");

    /// <summary>A non-negative integer: a JSON number, or a string in decimal or 0x hex ('_' separators allowed).</summary>
    public static ulong Number(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out var n))
        {
            return n;
        }

        if (element.ValueKind == JsonValueKind.String && FieldText.TryParseNumber(element.GetString()!, out n))
        {
            return n;
        }

        throw new ScenarioException(path, $"expected a non-negative integer (a number or a \"0x...\" string), not {element.GetRawText()}");
    }

    private static string RequiredString(JsonElement item, string key, string path) =>
        OptionalString(item, key, path) ?? throw new ScenarioException($"{path}.{key}", "is missing");

    private static string? OptionalString(JsonElement item, string key, string path)
    {
        if (!item.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ScenarioException($"{path}.{key}", $"expected a string, not {value.GetRawText()}");
    }

    private static bool? OptionalBool(JsonElement item, string key, string path)
    {
        if (!item.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ScenarioException($"{path}.{key}", $"expected true or false, not {value.GetRawText()}"),
        };
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string path, string what)
    {
        if (element.ValueKind != kind)
        {
            throw new ScenarioException(path, $"expected {what}, not {Describe(element)}");
        }
    }

    /// <summary>Every key of <paramref name="item"/> must be one of <paramref name="allowed"/>: a typo is an error, not a silent default.</summary>
    public static void CheckKeys(JsonElement item, string path, params string[] allowed)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                throw new ScenarioException($"{path}.{property.Name}", $"unknown key (expected one of {string.Join(", ", allowed)})");
            }
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string FirstSentence(string message)
    {
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? message[..dot] : message;
    }
}
