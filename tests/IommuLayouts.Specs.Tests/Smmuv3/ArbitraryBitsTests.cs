using CsCheck;
using IommuLayouts;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// Any bit pattern a guest may leave in memory round-trips through the SMMUv3 types and is judged by
/// <c>Validate()</c> without an exception (bad guest data is a violation, never a crash).
/// </summary>
public sealed class ArbitraryBitsTests
{
    private static void Check<T>()
        where T : struct, IBitLayout<T>
    {
        Gen.ULong.Array[T.WordCount].Sample(words =>
        {
            if (T.SizeBits < 64)
            {
                words[^1] &= (1UL << T.SizeBits) - 1;
            }

            var entry = T.FromWords(words);
            Assert.Equal(words, Entry.Words(entry));
            var report = entry.Validate();
            Assert.Equal(report.IsValid, report.Count == 0);
            Assert.NotNull(entry.ToString());
        });
    }

    [Fact]
    public void Ste() => Check<StreamTableEntry>();

    [Fact]
    public void Cd() => Check<ContextDescriptor>();

    [Fact]
    public void Event() => Check<EventRecord>();

    [Fact]
    public void Commands()
    {
        Check<Command>();
        Check<TlbiNhVaCommand>();
        Check<SyncCommand>();
        Check<CfgiSteRangeCommand>();
    }

    [Fact]
    public void Descriptors_and_registers()
    {
        Check<L1StreamTableDescriptor>();
        Check<L1ContextDescriptor>();
        Check<QueueProdCons>();
        Check<StrtabBaseCfg>();
    }
}
