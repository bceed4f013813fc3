using System;
using System.Collections.Generic;
using CsCheck;
using Xunit;

namespace IommuLayouts.Tests;

/// <summary>
/// The generic properties every generated layout must have, checked on random entries: set/get round trip,
/// setters confined to their bits, Validate() reporting exactly the wrong RES0/RES1 bits, Read(WriteTo(x)) == x.
/// Expectations come from the layout table's bit ranges and a bit-by-bit model, not from the generated accessors.
/// </summary>
internal static class LayoutProperties<T>
    where T : struct, IBitLayout<T>
{
    /// <summary>Random words that fit the layout's size.</summary>
    public static Gen<ulong[]> Words => Gen.ULong.Array[T.WordCount].Select(words =>
    {
        var lastBits = T.SizeBits - (64 * (T.WordCount - 1));
        if (lastBits < 64)
        {
            words[^1] &= (1UL << lastBits) - 1;
        }

        return words;
    });

    public static void RoundTripsThroughBytes() =>
        Words.Sample(words =>
        {
            var entry = T.FromWords(words);
            var bytes = new byte[T.SizeBytes];
            entry.WriteTo(bytes);
            Assert.Equal(entry, T.Read(bytes));
            for (var bit = 0; bit < T.SizeBits; bit++)
            {
                // byte k bit b is entry bit 8k+b: little-endian, LSB-0
                Assert.Equal((words[bit / 64] >> (bit % 64)) & 1, (ulong)(bytes[bit / 8] >> (bit % 8)) & 1);
            }
        });

    public static void SettersRoundTripAndTouchOnlyTheirBits(IReadOnlyList<FieldCase<T>> fields)
    {
        var layoutFields = T.Layout.Fields;
        Assert.Equal(layoutFields.Count, fields.Count); // every field of the layout has a case
        foreach (var field in fields)
        {
            var info = field.Info;
            var gen = Gen.Select(Words, Gen.ULong[0, info.MaxRaw]);
            gen.Sample((words, raw) =>
            {
                var entry = T.FromWords(words);
                var value = info.Kind == FieldKind.Address ? raw << info.AddressShift : raw;
                if (field.Set is null)
                {
                    Assert.Equal(info.Kind == FieldKind.Address ? BitWords.Extract(words, info.Lo, info.Width) << info.AddressShift : BitWords.Extract(words, info.Lo, info.Width), field.Get(entry));
                    return;
                }

                field.Set(ref entry, value);
                Assert.Equal(value, field.Get(entry));
                for (var bit = 0; bit < T.SizeBits; bit++)
                {
                    var now = (entry.GetWord(bit / 64) >> (bit % 64)) & 1;
                    var expected = bit >= info.Lo && bit <= info.Hi
                        ? (raw >> (bit - info.Lo)) & 1
                        : (words[bit / 64] >> (bit % 64)) & 1;
                    Assert.True(expected == now, $"{field}: bit {bit} is {now}, expected {expected}");
                }
            });
        }
    }

    public static void ValidateReportsExactlyTheWrongReservedBits()
    {
        var res1 = new HashSet<int>();
        foreach (var range in T.Layout.Res1)
        {
            for (var bit = range.Lo; bit <= range.Hi; bit++)
            {
                res1.Add(bit);
            }
        }

        var res0 = new HashSet<int>();
        var claimed = new HashSet<int>(res1);
        foreach (var f in T.Layout.Fields)
        {
            for (var bit = f.Lo; bit <= f.Hi; bit++)
            {
                claimed.Add(bit);
            }
        }

        foreach (var range in T.Layout.Ignored)
        {
            for (var bit = range.Lo; bit <= range.Hi; bit++)
            {
                claimed.Add(bit);
            }
        }

        for (var bit = 0; bit < T.SizeBits; bit++)
        {
            if (!claimed.Contains(bit))
            {
                res0.Add(bit);
            }
        }

        // Sparse entries make runs of wrong bits of every length likely.
        var sparse = Gen.Select(Words, Words, Words, (a, b, c) =>
        {
            var w = new ulong[a.Length];
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = a[i] & b[i] & c[i];
            }

            return w;
        });
        Gen.OneOf(Words, sparse).Sample(words =>
        {
            var expected = new SortedSet<int>();
            for (var bit = 0; bit < T.SizeBits; bit++)
            {
                var set = ((words[bit / 64] >> (bit % 64)) & 1) != 0;
                if ((res0.Contains(bit) && set) || (res1.Contains(bit) && !set))
                {
                    expected.Add(bit);
                }
            }

            var reported = new SortedSet<int>();
            foreach (var v in T.FromWords(words).Validate())
            {
                if (v.Rule is Violation.Res0 or Violation.Res1)
                {
                    for (var bit = v.Lo; bit <= v.Hi; bit++)
                    {
                        Assert.True(reported.Add(bit), $"bit {bit} reported twice");
                        Assert.Equal(res1.Contains(bit) ? Violation.Res1 : Violation.Res0, v.Rule);
                    }
                }
            }

            Assert.Equal(expected, reported);
        });
    }
}
