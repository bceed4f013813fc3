using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace IommuLayouts.Cli.Tests;

/// <summary>
/// export svg, rendered by headless Chromium (Debian's 'chromium', with 'fonts-dejavu-core'): a script in the page
/// measures every box and every label as laid out by the browser, and the test checks the boxes against the layout
/// tables and that no label leaves its box or the picture.
/// </summary>
public sealed class SvgTests
{
    private const double CellWidth = 26; // the diagram's cell width per bit (SvgDiagram.CellWidth)
    private const double Tolerance = 0.75;
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Every_format_renders_in_chromium_with_its_boxes_and_no_overflowing_label()
    {
        var chromium = ExternalTool.Require("chromium", "chromium");
        Assert.True(File.Exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            "DejaVu Sans is not installed: this test needs the Debian package 'fonts-dejavu-core' (.ci/run installs it)");
        using var dir = ExternalTool.TempDirectory();

        var diagrams = new List<(string Name, string Svg)>();
        foreach (var layout in CliRunner.SpecsCatalog.All)
        {
            diagrams.Add((layout.Name, Svg(layout.Name)));
        }

        // Decoded entries: the value lines must fit as well (STE: V=1, Config = S1Translate (5 << 1 = 0xA), S1ContextPtr, S1CDMax = 1).
        diagrams.Add(("smmuv3.ste+value", Svg("smmuv3.ste", "--value", "0x080000001234000B 0 0x10")));
        diagrams.Add(("vtd.pasid+value", Svg("vtd.pasid", "--value", "0x0000000123456009,0x0000000000000001,0x0000000000000000")));
        diagrams.Add(("smmuv3.event+value", Svg("smmuv3.event", "--value", "0x0000000800005810 0x0000000800000012 0xdeadb000 0")));

        var measured = Measure(chromium, dir.Path, diagrams);

        foreach (var (name, svg) in diagrams)
        {
            var layoutName = name.Split('+')[0];
            var layout = CliRunner.SpecsCatalog.All.Single(l => l.Name == layoutName);
            var page = measured.GetProperty(name);
            var boxes = page.GetProperty("boxes").EnumerateArray().ToArray();

            // Every bit of the layout is in exactly one box, and each box is as wide as its bits.
            Assert.Equal(layout.SizeBits, boxes.Sum(b => b.GetProperty("hi").GetInt32() - b.GetProperty("lo").GetInt32() + 1));
            Assert.Equal(ExpectedBoxCount(layout), boxes.Length);
            foreach (var b in boxes)
            {
                var bits = b.GetProperty("hi").GetInt32() - b.GetProperty("lo").GetInt32() + 1;
                Assert.True(Math.Abs(b.GetProperty("width").GetDouble() - (bits * CellWidth)) <= Tolerance, $"{name} box {b}: width is not {bits} bits");
                foreach (var t in b.GetProperty("texts").EnumerateArray())
                {
                    Assert.True(Inside(t, b), $"{name}: label '{t.GetProperty("text").GetString()}' ({t}) leaves its box ({b})");
                }
            }

            var width = page.GetProperty("width").GetDouble();
            foreach (var t in page.GetProperty("loose").EnumerateArray())
            {
                Assert.True(t.GetProperty("left").GetDouble() >= -Tolerance && t.GetProperty("right").GetDouble() <= width + Tolerance,
                    $"{name}: text '{t.GetProperty("text").GetString()}' leaves the picture ({t}, width {width})");
            }
        }

        // arm-smmu-v3.h: STRTAB_STE_0_V BIT(0), STRTAB_STE_0_CFG GENMASK_ULL(3, 1), STRTAB_STE_0_S1FMT GENMASK_ULL(5, 4),
        // STRTAB_STE_0_S1CTXPTR_MASK GENMASK_ULL(51, 6): the first row (bits 31..0) holds exactly these four boxes.
        var ste = measured.GetProperty("smmuv3.ste").GetProperty("boxes").EnumerateArray().Where(b => b.GetProperty("hi").GetInt32() <= 31)
            .Select(b => $"{b.GetProperty("field").GetString()} {b.GetProperty("hi").GetInt32()}:{b.GetProperty("lo").GetInt32()}");
        Assert.Equal(["S1ContextPtr 31:6", "S1Fmt 5:4", "Config 3:1", "V 0:0"], ste);

        // The value shown for Config in the decoded STE is its enum name (5 = S1Translate).
        var config = measured.GetProperty("smmuv3.ste+value").GetProperty("boxes").EnumerateArray().Single(b => b.GetProperty("field").GetString() == "Config");
        Assert.Contains(config.GetProperty("texts").EnumerateArray(), t => t.GetProperty("text").GetString() == "S1Translate");
    }

    [Fact]
    public void Ste_diagram_renders_to_a_png_of_the_svgs_size()
    {
        var chromium = ExternalTool.Require("chromium", "chromium");
        using var dir = ExternalTool.TempDirectory();
        var svgPath = Path.Combine(dir.Path, "ste.svg");
        var result = CliRunner.RunSpecs(string.Empty, "export", "svg", "smmuv3.ste", "-o", svgPath);
        Assert.True(result.ExitCode == 0, result.Err);
        var root = XElement.Load(svgPath);
        var width = int.Parse(root.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(root.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var png = Path.Combine(dir.Path, "ste.png");

        var (code, _, err) = ExternalTool.Run(chromium, dir.Path, BrowserTimeout, [.. BrowserArgs(dir.Path), "--hide-scrollbars", $"--window-size={width},{height}", $"--screenshot={png}", new Uri(svgPath).AbsoluteUri]);

        Assert.True(code == 0 && File.Exists(png), $"chromium --screenshot failed ({code}): {err}");
        var bytes = File.ReadAllBytes(png);

        // PNG: 8-byte signature, then the IHDR chunk whose data starts with the big-endian width and height.
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal(width, BigEndian(bytes, 16));
        Assert.Equal(height, BigEndian(bytes, 20));
    }

    [Fact]
    public void Svg_json_lists_the_boxes_of_the_test_format()
    {
        // test.ctl64: RES1 63, RES0 62..56, ignored 55..48, TablePtr 47..12 (split at bit 32), Log2Depth 11..8, RES0 7..4, Mode 3..1, Enable 0.
        var json = CliRunner.Run("export", "svg", "test.ctl64", "--json").Json();

        Assert.Equal(2, json.GetProperty("rows").GetInt32());
        Assert.Equal(
            ["field 31..12", "field 11..8", "res0 7..4", "field 3..1", "field 0..0", "res1 63..63", "res0 62..56", "ignored 55..48", "field 47..32"],
            json.GetProperty("boxes").EnumerateArray().Select(b => $"{b.GetProperty("kind").GetString()} {b.GetProperty("hi").GetInt32()}..{b.GetProperty("lo").GetInt32()}"));
        Assert.StartsWith("<svg ", json.GetProperty("svg").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_value_words_name_the_option()
    {
        var result = CliRunner.Run("export", "svg", "test.ctl64", "--value", "0xZZ");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--value word 0 '0xZZ' is not a hexadecimal 64-bit word", result.Err, StringComparison.Ordinal);
    }

    /// <summary>Boxes worked out here from the table: per 32-bit row, a new box wherever the owner of the next bit changes.</summary>
    private static int ExpectedBoxCount(LayoutInfo layout)
    {
        string Owner(int bit) =>
            layout.Fields.FirstOrDefault(f => bit >= f.Lo && bit <= f.Hi)?.Name
            ?? (layout.Res1.Any(r => bit >= r.Lo && bit <= r.Hi) ? "#res1" : layout.Ignored.Any(r => bit >= r.Lo && bit <= r.Hi) ? "#ignored" : "#res0");
        var count = 0;
        for (var bit = 0; bit < layout.SizeBits; bit++)
        {
            if (bit % 32 == 0 || Owner(bit) != Owner(bit - 1))
            {
                count++;
            }
        }

        return count;
    }

    private static bool Inside(JsonElement t, JsonElement b) =>
        t.GetProperty("left").GetDouble() >= b.GetProperty("left").GetDouble() - Tolerance
        && t.GetProperty("right").GetDouble() <= b.GetProperty("right").GetDouble() + Tolerance
        && t.GetProperty("top").GetDouble() >= b.GetProperty("top").GetDouble() - Tolerance
        && t.GetProperty("bottom").GetDouble() <= b.GetProperty("bottom").GetDouble() + Tolerance;

    private static string Svg(string format, params string[] extra)
    {
        var result = CliRunner.RunSpecs(string.Empty, ["export", "svg", format, .. extra]);
        Assert.True(result.ExitCode == 0, result.Err);
        return result.Out;
    }

    /// <summary>Loads every diagram in one page and returns what the page's script measured, keyed by diagram.</summary>
    private static JsonElement Measure(string chromium, string dir, List<(string Name, string Svg)> diagrams)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n");
        foreach (var (name, svg) in diagrams)
        {
            html.Append("<div class=\"diagram\" data-name=\"").Append(WebUtility.HtmlEncode(name)).Append("\">").Append(svg).Append("</div>\n");
        }

        // For each diagram: each box's rectangle and the client rectangles of its texts; texts outside boxes too.
        html.Append("""
            <pre id="result"></pre>
            <script>
            const r = e => e.getBoundingClientRect();
            const out = {};
            for (const d of document.querySelectorAll('div.diagram')) {
              const svg = d.querySelector('svg'), s = r(svg);
              const rel = (e, extra) => { const b = r(e); return Object.assign({ left: b.left - s.left, right: b.right - s.left, top: b.top - s.top, bottom: b.bottom - s.top, width: b.width }, extra); };
              const boxes = [...svg.querySelectorAll('g.box')].map(g => rel(g.querySelector('rect'), {
                kind: g.dataset.kind, lo: +g.dataset.lo, hi: +g.dataset.hi, field: g.dataset.field || null,
                texts: [...g.querySelectorAll('text')].map(t => rel(t, { text: t.textContent })) }));
              const loose = [...svg.querySelectorAll('text')].filter(t => !t.closest('g.box')).map(t => rel(t, { text: t.textContent }));
              out[d.dataset.name] = { width: s.width, boxes, loose };
            }
            document.getElementById('result').textContent = JSON.stringify(out);
            </script></body></html>
            """);
        var page = Path.Combine(dir, "page.html");
        File.WriteAllText(page, html.ToString());
        var (code, stdout, stderr) = ExternalTool.Run(chromium, dir, BrowserTimeout, [.. BrowserArgs(dir), "--dump-dom", new Uri(page).AbsoluteUri]);
        Assert.True(code == 0, $"chromium --dump-dom failed ({code}): {stderr}");
        var start = stdout.IndexOf("<pre id=\"result\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the page's script produced no result: {stderr}");
        start += "<pre id=\"result\">".Length;
        var end = stdout.IndexOf("</pre>", start, StringComparison.Ordinal);
        return JsonDocument.Parse(WebUtility.HtmlDecode(stdout[start..end])).RootElement;
    }

    private static string[] BrowserArgs(string dir) =>
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", $"--user-data-dir={Path.Combine(dir, "profile")}"];

    private static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
