using System;
using CsCheck;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

/// <summary>
/// Any bit pattern a guest can write decodes, re-encodes to the same bytes and validates without throwing:
/// bad guest data must become a report (and, in the emulator, a fault), never an exception.
/// </summary>
public sealed class VtdPropertyTests
{
    [Fact]
    public void Structures_round_trip_any_bits_and_validate_without_throwing()
    {
        Check<RootEntry>();
        Check<ScalableRootEntry>();
        Check<ContextEntry>();
        Check<ScalableContextEntry>();
        Check<PasidDirectoryEntry>();
        Check<PasidEntry>();
        Check<SecondStagePageTableEntry>();
        Check<FirstStagePageTableEntry>();
        Check<FaultRecord>();
    }

    [Fact]
    public void Descriptors_round_trip_any_bits_and_validate_without_throwing()
    {
        Check<InvalidationDescriptor>();
        Check<ContextCacheInvalidateDescriptor>();
        Check<IotlbInvalidateDescriptor>();
        Check<DeviceTlbInvalidateDescriptor>();
        Check<InterruptEntryCacheInvalidateDescriptor>();
        Check<InvalidationWaitDescriptor>();
        Check<PasidCacheInvalidateDescriptor>();
        Check<PasidIotlbInvalidateDescriptor>();
        Check<PasidDeviceTlbInvalidateDescriptor>();
        Check<PageGroupResponseDescriptor>();
    }

    [Fact]
    public void Registers_round_trip_any_bits_and_validate_without_throwing()
    {
        Check<VersionRegister>();
        Check<CapabilityRegister>();
        Check<ExtendedCapabilityRegister>();
        Check<GlobalCommandRegister>();
        Check<GlobalStatusRegister>();
        Check<RootTableAddressRegister>();
        Check<ContextCommandRegister>();
        Check<FaultStatusRegister>();
        Check<FaultEventControlRegister>();
        Check<InvalidationQueueAddressRegister>();
        Check<InvalidationQueueHeadRegister>();
        Check<InvalidationQueueTailRegister>();
        Check<InvalidationCompletionStatusRegister>();
        Check<IotlbInvalidateRegister>();
        Check<InvalidateAddressRegister>();
        Check<InvalidationQueueErrorRecordRegister>();
    }

    [Fact]
    public void Generic_descriptor_type_matches_the_split_field_for_any_first_word()
    {
        Gen.ULong.Sample(w0 =>
        {
            var expected = (int)(((w0 >> 9) & 7) << 4 | (w0 & 0xF));
            Assert.Equal(expected, (int)InvalidationDescriptor.TypeOf(w0));
            Assert.Equal(expected, (int)InvalidationDescriptor.FromWords(new[] { w0 }).Type);
        });
    }

    private static void Check<T>()
        where T : struct, IBitLayout<T>
    {
        Gen.ULong.Array[T.WordCount].Sample(words =>
        {
            if (T.SizeBits % 64 != 0)
            {
                words[^1] &= (1UL << (T.SizeBits % 64)) - 1;
            }

            var entry = T.FromWords(words);
            var bytes = new byte[T.SizeBytes];
            entry.WriteTo(bytes);
            var back = T.Read(bytes);
            Assert.True(back == entry, $"{T.Layout.Name}: bytes did not round-trip");
            var copy = new ulong[T.WordCount];
            back.CopyWordsTo(copy);
            Assert.Equal(words, copy);

            foreach (var v in entry.Validate())
            {
                Assert.InRange(v.Lo, 0, T.SizeBits - 1);
                Assert.InRange(v.Hi, v.Lo, T.SizeBits - 1);
                Assert.False(string.IsNullOrEmpty(v.Rule));
            }

            Assert.False(string.IsNullOrEmpty(entry.ToString()));
        }, iter: 2000);
    }
}
