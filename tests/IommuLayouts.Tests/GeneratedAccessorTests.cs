using System;
using IommuLayouts.Tests.Layouts;
using Xunit;

namespace IommuLayouts.Tests;

/// <summary>
/// Expected words are computed by hand from the bit positions written in the sample layouts
/// (tests/Layouts/*.cs), not from the generated code.
/// </summary>
public sealed class GeneratedAccessorTests
{
    [Fact]
    public void Flag_and_enum_fields_land_on_their_bits()
    {
        var entry = default(Flags64);
        entry.Enable = true;
        entry.Size = EntrySize.Bytes64;
        entry.Policy = CachePolicy.WriteBackNoAllocate;
        entry.Log2Depth = 0xA5;

        // Enable = bit 0, Size = 2 at bits 2..3, Policy = 3 at bits 4..6, Log2Depth = 0xA5 at bits 8..15.
        Assert.Equal((1UL << 0) | (2UL << 2) | (3UL << 4) | (0xA5UL << 8), entry.GetWord(0));
        Assert.True(entry.Enable);
        Assert.False(entry.Irq);
        Assert.Equal(EntrySize.Bytes64, entry.Size);
        Assert.Equal(CachePolicy.WriteBackNoAllocate, entry.Policy);
        Assert.Equal(0xA5, entry.Log2Depth);
    }

    [Fact]
    public void Field_crossing_a_word_is_split_between_both_words()
    {
        var entry = default(Crossing128);
        entry.Tag = 0xBEEF;

        // Tag occupies bits 56..71: its low 8 bits are word 0 bits 56..63, its high 8 bits word 1 bits 0..7.
        Assert.Equal(0xEFUL << 56, entry.GetWord(0));
        Assert.Equal(0xBEUL, entry.GetWord(1));
        Assert.Equal(0xBEEF, entry.Tag);
    }

    [Fact]
    public void Shifted_address_is_read_and_written_as_the_address_itself()
    {
        var entry = default(Wide512);
        entry.ContextPtr = 0x0000_8765_4321_0FC0;
        entry.TablePtr = 0x0000_0004_0000_1000;

        // ContextPtr: bits 6..51 hold addr[51:6]; TablePtr: bits 196..243 (word 3 bits 4..51) hold addr[51:4].
        Assert.Equal(0x0000_8765_4321_0FC0UL, entry.GetWord(0));
        Assert.Equal(0x0000_0004_0000_1000UL, entry.GetWord(3));
        Assert.Equal(0x0000_8765_4321_0FC0UL, entry.ContextPtr);
        Assert.Equal(0x0000_0004_0000_1000UL, entry.TablePtr);
    }

    [Fact]
    public void Address_with_bits_outside_the_field_is_rejected()
    {
        var entry = default(Wide512);
        Assert.Throws<ArgumentOutOfRangeException>(() => entry.ContextPtr = 0x1001); // bit 0 is below addr bit 6
        Assert.Throws<ArgumentOutOfRangeException>(() => entry.ContextPtr = 1UL << 52); // above addr bit 51
    }

    [Fact]
    public void Value_wider_than_the_field_is_rejected_and_leaves_the_entry_unchanged()
    {
        var entry = default(Wide512);
        entry.CdMax = 31;
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => entry.CdMax = 32);
        Assert.Contains("CdMax is 5 bit(s) wide", ex.Message);
        Assert.Equal(31, entry.CdMax);
        Assert.Throws<ArgumentOutOfRangeException>(() => entry.Mode = (WideMode)8);
    }

    [Fact]
    public void Eight_bit_layout_reads_and_writes_one_byte()
    {
        var entry = Tiny8.Read(new byte[] { 0x8B });
        Assert.True(entry.Ready);
        Assert.Equal(5, entry.Code);
        var bytes = new byte[1];
        entry.WriteTo(bytes);
        Assert.Equal(0x8B, bytes[0]);
        Assert.Equal(1, Tiny8.SizeBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => entry.SetWord(0, 0x100));
    }

    [Fact]
    public void Last_word_of_1024_bit_layout_is_word_15()
    {
        var entry = default(Huge1024);
        entry.Last = 0x0123_4567_89AB_CDEF;
        entry.Crossing = ulong.MaxValue;
        Assert.Equal(0x0123_4567_89AB_CDEFUL, entry.GetWord(15));

        // Crossing is bits 100..163: word 1 bits 36..63 and word 2 bits 0..35.
        Assert.Equal(~0UL << 36, entry.GetWord(1));
        Assert.Equal((1UL << 36) - 1, entry.GetWord(2));
        Assert.Equal(ulong.MaxValue, entry.Crossing);
        Assert.Equal(128, Huge1024.SizeBytes);
    }

    [Fact]
    public void Read_is_little_endian()
    {
        var bytes = new byte[16];
        bytes[0] = 0x12;
        bytes[7] = 0x80;
        bytes[8] = 0x34;
        var entry = Crossing128.Read(bytes);
        Assert.Equal(0x8000_0000_0000_0012UL, entry.GetWord(0));
        Assert.Equal(0x34UL, entry.GetWord(1));
        Assert.Throws<ArgumentException>(() => Crossing128.Read(new byte[15]));
    }

    [Fact]
    public void ToString_names_fields_enums_and_raw_words()
    {
        var entry = default(Wide512);
        entry.Valid = true;
        entry.Mode = WideMode.Stage1;
        entry.ContextPtr = 0x4000_2000;
        var text = entry.ToString();
        Assert.StartsWith("sample.wide512 { Valid = true, Mode = Stage1 (0x5), ContextPtr = 0x40002000,", text);
        Assert.EndsWith("[0x000000004000200B, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000]", text);
        entry.SetWord(0, 0x4); // Mode = 2: not a WideMode
        Assert.Contains("Mode = 0x2 (undefined)", entry.ToString());
    }

    [Fact]
    public void Equality_compares_every_word()
    {
        var a = default(Huge1024);
        var b = default(Huge1024);
        Assert.True(a == b);
        b.Last = 1;
        Assert.True(a != b);
        Assert.False(a.Equals(b));
        a.Last = 1;
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
