using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Scenarios.Smmuv3;

/// <summary>
/// The <c>read-dirty</c> step of SMMUv3 scenarios: what a VMM's dirty tracking reads from a VMSAv8-64 table under HTTU
/// (<see cref="Vmsa64DirtyTracking"/>), checked against the pages the file expects to be dirty.
/// </summary>
/// <remarks>
/// Body: <c>stage</c> (1 or 2), the table's geometry — <c>table</c> (TTB0 / S2TTB), <c>granule</c> (4096, 16384 or
/// 65536), <c>inputBits</c> (64 − TxSZ), <c>startLevel</c> (stage 2 only; stage 1 derives it), <c>oas</c> (default 48)
/// — then the range <c>address</c> and <c>size</c>, <c>pageSize</c> (default the granule), <c>clear</c> (default true;
/// false is iommufd's IOMMU_DIRTY_NO_CLEAR) and <c>expect</c>: the addresses of every page that must be reported dirty.
/// </remarks>
internal static class Smmuv3DirtyStep
{
    public static void Run(IGuestMemory memory, JsonElement body, string path)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioException(path, "expected an object (the 'read-dirty' step, docs/scenario-format.md)");
        }

        ScenarioLoader.CheckKeys(body, path, "stage", "table", "granule", "inputBits", "startLevel", "oas", "address", "size", "pageSize", "clear", "expect");
        var stage = ScenarioLoader.RequiredNumber(body, "stage", path);
        var table = ScenarioLoader.RequiredNumber(body, "table", path);
        var granuleBytes = ScenarioLoader.RequiredNumber(body, "granule", path);
        var granule = granuleBytes switch
        {
            4096 => TranslationGranule.Size4K,
            16384 => TranslationGranule.Size16K,
            65536 => TranslationGranule.Size64K,
            _ => throw new ScenarioException($"{path}.granule", "expected 4096, 16384 or 65536"),
        };
        var inputBits = (int)Math.Min(ScenarioLoader.RequiredNumber(body, "inputBits", path), 64);
        var oas = (int)Math.Min(Optional(body, "oas", path) ?? 48, 64);
        var address = ScenarioLoader.RequiredNumber(body, "address", path);
        var size = ScenarioLoader.RequiredNumber(body, "size", path);
        var pageSize = Optional(body, "pageSize", path) ?? granuleBytes;
        var clear = true;
        if (body.TryGetProperty("clear", out var c))
        {
            clear = c.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new ScenarioException($"{path}.clear", "expected true or false"),
            };
        }

        if (pageSize == 0 || (pageSize & (pageSize - 1)) != 0 || address % pageSize != 0 || size % pageSize != 0 || size / pageSize > 1 << 20)
        {
            throw new ScenarioException(path, "pageSize must be a power of two dividing address and size, and the range at most 2^20 pages");
        }

        var expected = Expected(body, path);
        var bitmap = new ulong[(int)((size / pageSize) + 63) / 64];
        try
        {
            if (stage == 1)
            {
                if (body.TryGetProperty("startLevel", out _))
                {
                    throw new ScenarioException($"{path}.startLevel", "stage 1 derives the start level from inputBits");
                }

                var config = new Stage1Config(table, granule, 64 - inputBits, oas);
                Vmsa64DirtyTracking.ReadAndClearDirty(memory, in config, address, size, pageSize, bitmap, clear);
            }
            else if (stage == 2)
            {
                var config = Stage2Config.ForStartLevel(table, granule, 64 - inputBits, (int)Math.Min(ScenarioLoader.RequiredNumber(body, "startLevel", path), 4), oas);
                Vmsa64DirtyTracking.ReadAndClearDirty(memory, in config, address, size, pageSize, bitmap, clear);
            }
            else
            {
                throw new ScenarioException($"{path}.stage", "expected 1 or 2");
            }
        }
        catch (ArgumentException ex)
        {
            throw new ScenarioException(path, ex.Message);
        }

        var dirty = new List<ulong>();
        for (var i = 0; i < bitmap.Length * 64; i++)
        {
            if ((bitmap[i / 64] & (1UL << (i % 64))) != 0)
            {
                dirty.Add(address + ((ulong)i * pageSize));
            }
        }

        if (!dirty.SequenceEqual(expected))
        {
            throw new ScenarioException(path, $"dirty pages [{Hex(dirty)}], expected [{Hex(expected)}]");
        }
    }

    private static List<ulong> Expected(JsonElement body, string path)
    {
        if (!body.TryGetProperty("expect", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new ScenarioException($"{path}.expect", "expected an array of page addresses (empty when nothing may be dirty)");
        }

        var pages = new List<ulong>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            pages.Add(ScenarioLoader.Number(item, $"{path}.expect[{i++}]"));
        }

        pages.Sort();
        return pages;
    }

    private static ulong? Optional(JsonElement body, string key, string path) =>
        body.TryGetProperty(key, out var value) ? ScenarioLoader.Number(value, $"{path}.{key}") : null;

    private static string Hex(List<ulong> values) =>
        string.Join(", ", values.ConvertAll(v => "0x" + v.ToString("x", CultureInfo.InvariantCulture)));
}
