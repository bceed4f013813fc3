using System;
using System.Linq;
using CsCheck;
using IommuLayouts.Tests.Layouts;
using Xunit;

namespace IommuLayouts.Tests;

public sealed class RuntimeTests
{
    [Fact]
    public void BitWords_extract_and_insert_agree_with_a_bit_by_bit_model() =>
        Gen.Select(Gen.ULong.Array[3], Gen.Int[0, 191], Gen.Int[1, 64], Gen.ULong).Where((_, lo, width, _) => lo + width <= 192)
            .Sample((words, lo, width, value) =>
            {
                ulong expected = 0;
                for (var i = 0; i < width; i++)
                {
                    expected |= ((words[(lo + i) / 64] >> ((lo + i) % 64)) & 1) << i;
                }

                Assert.Equal(expected, BitWords.Extract(words, lo, width));

                var copy = (ulong[])words.Clone();
                BitWords.Insert(copy, lo, width, value);
                for (var bit = 0; bit < 192; bit++)
                {
                    var want = bit >= lo && bit < lo + width ? (value >> (bit - lo)) & 1 : (words[bit / 64] >> (bit % 64)) & 1;
                    Assert.Equal(want, (copy[bit / 64] >> (bit % 64)) & 1);
                }
            });

    [Fact]
    public void Layout_table_describes_the_spec()
    {
        var layout = Wide512.Layout;
        Assert.Equal("sample.wide512", layout.Name);
        Assert.Equal(512, layout.SizeBits);
        Assert.Equal(8, layout.WordCount);
        Assert.Equal(typeof(Wide512), layout.ClrType);
        Assert.Equal(new[] { new BitRange(84, 87), new BitRange(448, 511) }, layout.Ignored);
        Assert.Equal(new[] { new BitRange(120, 121) }, layout.Res1);

        var mode = layout.FindField("mode")!;
        Assert.Equal((1, 3, FieldKind.Enum, typeof(WideMode)), (mode.Lo, mode.Hi, mode.Kind, mode.ClrType));
        Assert.Equal(new[] { "Abort", "Bypass", "Stage1", "Stage2", "Nested" }, mode.EnumMembers.Select(m => m.Name));
        Assert.True(mode.TryGetEnumValue("stage2", out var raw));
        Assert.Equal(6UL, raw);

        var table = layout.FindField("TablePtr")!;
        Assert.Equal((FieldKind.Address, 4, 12), (table.Kind, table.AddressShift, table.AlignBits));
        Assert.Equal("Crosses words 2 and 3", layout.FindField("Cookie")!.Doc);
        Assert.Null(layout.FindField("NoSuchField"));
    }

    [Fact]
    public void Address_field_converts_user_values_to_raw_bits()
    {
        var field = Wide512.Layout.FindField("ContextPtr")!;
        Assert.True(field.TryToRaw(0x4000_2000, out var raw, out _));
        Assert.Equal(0x4000_2000UL >> 6, raw);
        Assert.False(field.TryToRaw(0x4000_2001, out _, out var misaligned));
        Assert.Contains("bits below 6", misaligned);
        Assert.False(field.TryToRaw(1UL << 52, out _, out var tooLarge));
        Assert.Contains("too large", tooLarge);
    }

    [Fact]
    public void Catalog_finds_layouts_by_name_and_rejects_duplicates()
    {
        var catalog = new LayoutCatalog(TestAssembly.BitLayoutCatalogAlias.Layouts);
        Assert.True(catalog.TryFind("SAMPLE.WIDE512", out var layout));
        Assert.Same(Wide512.Layout, layout);
        Assert.Equal(new[] { "sample.crossing128", "sample.flags64", "sample.gated256", "sample.huge1024", "sample.tiny8", "sample.wide512" }, catalog.All.Select(l => l.Name));
        Assert.Throws<ArgumentException>(() => new LayoutCatalog(new[] { Wide512.Layout }, new[] { Wide512.Layout }));
    }

    [Fact]
    public void Sink_rejects_nonsense_ranges()
    {
        var sink = default(ViolationSink);
        Assert.Throws<ArgumentOutOfRangeException>(() => sink.Report("X", 5, 4, "reversed"));
        Assert.False(sink.HasViolations);
        Assert.True(sink.ToReport().IsValid);
    }

    [Fact]
    public void Word_access_checks_its_index()
    {
        var entry = default(Crossing128);
        Assert.Throws<ArgumentOutOfRangeException>(() => entry.GetWord(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => entry.SetWord(-1, 0));
        Assert.Throws<ArgumentException>(() => Crossing128.FromWords(new ulong[3]));
        Assert.Throws<ArgumentException>(() => entry.WriteTo(new byte[15]));
    }
}
