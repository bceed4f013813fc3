using System;
using System.Reflection;
using IommuLayouts.Tests.Layouts;
using Xunit;

namespace IommuLayouts.Tests;

/// <summary>
/// A layout of 64 bits or fewer gets <c>new X(ulong word)</c> and <c>Word</c>. Expected words are computed by hand
/// from the bit positions written in the sample layouts (tests/Layouts/*.cs).
/// </summary>
public sealed class OneWordTests
{
    [Fact]
    public void The_constructor_places_the_word_and_Word_reads_it_back()
    {
        // Enable = bit 0, Size = 2 at bits 2..3, Policy = 3 at bits 4..6, Log2Depth = 0xA5 at bits 8..15.
        const ulong word = (1UL << 0) | (2UL << 2) | (3UL << 4) | (0xA5UL << 8);
        var entry = new Flags64(word);

        Assert.True(entry.Enable);
        Assert.Equal(EntrySize.Bytes64, entry.Size);
        Assert.Equal(CachePolicy.WriteBackNoAllocate, entry.Policy);
        Assert.Equal(0xA5, entry.Log2Depth);
        Assert.Equal(word, entry.Word);
        Assert.Equal(entry.GetWord(0), entry.Word);
        Assert.Equal(Flags64.FromWords([word]), entry);
    }

    [Fact]
    public void Word_follows_the_setters()
    {
        var entry = new Tiny8 { Ready = true, Code = 5 };

        // Ready = bit 0, Code = bits 1..3.
        Assert.Equal(1UL | (5UL << 1), entry.Word);
    }

    [Fact]
    public void A_narrow_layout_refuses_bits_beyond_its_size()
    {
        Assert.Equal(0xFFUL, new Tiny8(0xFF).Word);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Tiny8(0x100));
        Assert.Contains("sample.tiny8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layouts_wider_than_one_word_get_neither()
    {
        Assert.Null(typeof(Crossing128).GetProperty("Word"));
        Assert.Null(typeof(Crossing128).GetConstructor([typeof(ulong)]));
        Assert.NotNull(typeof(Flags64).GetProperty("Word"));
        Assert.True(typeof(Flags64).GetProperty("Word")!.GetMethod!.IsDefined(typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute)));
    }
}
