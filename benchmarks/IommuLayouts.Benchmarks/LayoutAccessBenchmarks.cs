using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using IommuLayouts.Tests.Layouts;

namespace IommuLayouts.Benchmarks;

/// <summary>
/// Generated accessors against hand-written shift-and-mask code on the same 512-bit layout (sample.wide512),
/// over an array of entries so that nothing is constant-folded. Each benchmark reports the time per entry.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LayoutAccessBenchmarks
{
    private const int Count = 1024;
    private readonly Wide512[] _generated = new Wide512[Count];
    private readonly HandWrittenWide512[] _hand = new HandWrittenWide512[Count];
    private readonly byte[] _bytes = new byte[64 * Count];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (var i = 0; i < Count; i++)
        {
            ref var g = ref _generated[i];
            g.Valid = true;
            g.Mode = WideMode.Stage1;
            g.ContextPtr = (ulong)random.Next() << 12;
            g.Cookie = (ushort)random.Next();
            g.TablePtr = (ulong)random.Next() << 12;
            g.SetWord(1, 3UL << 56); // RES1 bits set: the entry is valid

            ref var h = ref _hand[i];
            h.Valid = g.Valid;
            h.Mode = (byte)g.Mode;
            h.ContextPtr = g.ContextPtr;
            h.Cookie = g.Cookie;
            h.TablePtr = g.TablePtr;
            h.W1 = g.GetWord(1);
            g.WriteTo(_bytes.AsSpan(64 * i));
        }

        if (!_generated[0].Validate().IsValid)
        {
            throw new InvalidOperationException("benchmark entry must be valid");
        }
    }

    [Benchmark(OperationsPerInvoke = Count), BenchmarkCategory("Get5")]
    public ulong Generated_get_five_fields()
    {
        ulong sum = 0;
        foreach (ref readonly var e in _generated.AsSpan())
        {
            var entry = e;
            sum += (entry.Valid ? 1UL : 0) + (ulong)entry.Mode + entry.ContextPtr + entry.Cookie + entry.TablePtr;
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count), BenchmarkCategory("Get5")]
    public ulong HandWritten_get_five_fields()
    {
        ulong sum = 0;
        foreach (ref readonly var e in _hand.AsSpan())
        {
            var entry = e;
            sum += (entry.Valid ? 1UL : 0) + entry.Mode + entry.ContextPtr + entry.Cookie + entry.TablePtr;
        }

        return sum;
    }

    // Reading through an 'in' parameter: the generated getters are readonly, so the callee reads the caller's entry
    // in place; HandWrittenWide512's getters are not readonly, so each call on an 'in' entry copies its 64 bytes first.
    [Benchmark(OperationsPerInvoke = Count), BenchmarkCategory("GetIn")]
    public ulong Generated_get_five_fields_through_in()
    {
        ulong sum = 0;
        foreach (ref readonly var e in _generated.AsSpan())
        {
            sum += SumFive(in e);
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count), BenchmarkCategory("GetIn")]
    public ulong HandWritten_get_five_fields_through_in()
    {
        ulong sum = 0;
        foreach (ref readonly var e in _hand.AsSpan())
        {
            sum += SumFive(in e);
        }

        return sum;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ulong SumFive(in Wide512 entry) =>
        (entry.Valid ? 1UL : 0) + (ulong)entry.Mode + entry.ContextPtr + entry.Cookie + entry.TablePtr;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ulong SumFive(in HandWrittenWide512 entry) =>
        (entry.Valid ? 1UL : 0) + entry.Mode + entry.ContextPtr + entry.Cookie + entry.TablePtr;

    [Benchmark(OperationsPerInvoke = Count), BenchmarkCategory("Set5")]
    public void Generated_set_five_fields()
    {
        var i = 0;
        foreach (ref var entry in _generated.AsSpan())
        {
            entry.Valid = (i & 1) == 0;
            entry.Mode = WideMode.Stage2;
            entry.ContextPtr = (ulong)i << 12;
            entry.Cookie = (ushort)i;
            entry.TablePtr = (ulong)i << 16;
            i++;
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count), BenchmarkCategory("Set5")]
    public void HandWritten_set_five_fields()
    {
        var i = 0;
        foreach (ref var entry in _hand.AsSpan())
        {
            entry.Valid = (i & 1) == 0;
            entry.Mode = 6;
            entry.ContextPtr = (ulong)i << 12;
            entry.Cookie = (ushort)i;
            entry.TablePtr = (ulong)i << 16;
            i++;
        }
    }

    [Benchmark(OperationsPerInvoke = Count), BenchmarkCategory("Cross")]
    public ulong Generated_get_crossing_field()
    {
        ulong sum = 0;
        foreach (ref readonly var e in _generated.AsSpan())
        {
            var entry = e;
            sum += entry.Cookie;
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count), BenchmarkCategory("Cross")]
    public ulong HandWritten_get_crossing_field()
    {
        ulong sum = 0;
        foreach (ref readonly var e in _hand.AsSpan())
        {
            var entry = e;
            sum += entry.Cookie;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Count), BenchmarkCategory("Validate")]
    public int Generated_validate_valid_entry()
    {
        var invalid = 0;
        foreach (ref var entry in _generated.AsSpan())
        {
            invalid += entry.Validate().Count;
        }

        return invalid;
    }

    [Benchmark(OperationsPerInvoke = Count), BenchmarkCategory("Read")]
    public ulong Generated_read_from_span()
    {
        ulong sum = 0;
        ReadOnlySpan<byte> bytes = _bytes;
        for (var i = 0; i < Count; i++)
        {
            sum += Wide512.Read(bytes.Slice(64 * i, 64)).TablePtr;
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count), BenchmarkCategory("Read")]
    public ulong HandWritten_read_from_span()
    {
        ulong sum = 0;
        ReadOnlySpan<byte> bytes = _bytes;
        for (var i = 0; i < Count; i++)
        {
            sum += HandWrittenWide512.Read(bytes.Slice(64 * i, 64)).TablePtr;
        }

        return sum;
    }
}
