using System.Threading;
using BenchmarkDotNet.Attributes;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Benchmarks;

/// <summary>
/// SMMUv3 translation cost (issue 6 targets: TLB hit &lt; 20 ns, stage-1 4-level walk &lt; 100 ns, nested 4×4 walk
/// &lt; 600 ns, 0 B allocated per translation, two threads ≥ 1.8× one). Streams: 1 = stage 1 (4 KB, 48-bit VA, four
/// levels), 2 = nested (stage 1 as stream 1 over a 48-bit stage 2 starting at level 0: 4 × (4 + 1) + 4 = 24 reads).
/// Per-request benchmarks use OperationsPerInvoke so the reported time is per translation.
/// </summary>
[MemoryDiagnoser]
public class Smmuv3TranslateBenchmarks
{
    private const ulong Va = 0x40_0000_0000;
    private const int WorkingSetPages = 16384;
    private const int TlbEntries = 4096;
    private const int StreamRequests = 1 << 16;

    /// <summary>TLB-hit runs are long (tens of ms) so that starting the second thread is under 1% of the time measured.</summary>
    private const int HitRequests = 1 << 22;

    private Smmuv3Device _cached = null!;
    private Smmuv3Device _uncached = null!;
    private Smmuv3Device _bounded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cached = Build(CachePolicy.Unbounded);
        _uncached = Build(CachePolicy.None);
        _bounded = Build(CachePolicy.Bounded(TlbEntries));
        _cached.Translate(new Smmuv3Request(1, Va, AccessKind.Read));
    }

    private static Smmuv3Device Build(CachePolicy tlb)
    {
        var memory = new SparseGuestMemory();
        var smmu = new Smmuv3Device(memory, Smmuv3Capabilities.Default with { TlbPolicy = tlb, ConfigCachePolicy = CachePolicy.Unbounded });
        var allocator = new BumpTableAllocator(memory, 0x1000_0000, 0x4000_0000);
        var s1 = new Vmsa64PageTableBuilder(memory, allocator, TranslationStage.Stage1, TranslationGranule.Size4K, 48);
        s1.Map(Va, 0x8000_0000, (ulong)WorkingSetPages << 12, IommuProt.Read | IommuProt.Write, useBlocks: false);
        var s2 = new Vmsa64PageTableBuilder(memory, allocator, TranslationStage.Stage2, TranslationGranule.Size4K, 48, 0);
        s2.Map(0x0E00_0000, 0x0E00_0000, 0x0300_0000, IommuProt.Read | IommuProt.Write, useBlocks: false);
        s2.Map(0x8000_0000, 0x8000_0000, (ulong)WorkingSetPages << 12, IommuProt.Read | IommuProt.Write, useBlocks: false);

        const ulong cd = 0x0F00_0000;
        const ulong strtab = 0x0E00_0000;
        var cdEntry = new ContextDescriptor
        {
            T0SZ = 16, EPD1 = true, V = true, IPS = AddressSize.Bits48, AA64 = true, R = true, A = true, ASID = 1, TTB0 = s1.RootAddress,
        };
        Write(memory, cd, cdEntry);
        Write(memory, strtab + 64, new StreamTableEntry { V = true, Config = SteConfig.S1Translate, S1ContextPtr = cd });
        Write(memory, strtab + 128, new StreamTableEntry
        {
            V = true, Config = SteConfig.Nested, S1ContextPtr = cd, S2VMID = 2, S2T0SZ = 16, S2SL0 = 2, S2TG = Tg0Granule.Size4K,
            S2PS = AddressSize.Bits48, S2AA64 = true, S2R = true, S2TTB = s2.RootAddress,
        });

        // Nested stream: stage 2 maps the CD, the stage-1 tables and stage 1's output identity, page by page.
        smmu.WriteRegister(R.StrtabBaseCfg, 5, 32);
        smmu.WriteRegister(R.StrtabBase, strtab, 64);
        smmu.WriteRegister(R.Cr0, 1, 32);
        return smmu;
    }

    private static void Write<T>(IGuestMemory memory, ulong address, T entry)
        where T : struct, IBitLayout<T>
    {
        for (var i = 0; i < T.WordCount; i++)
        {
            memory.TryWriteUInt64(address + ((ulong)i * 8), entry.GetWord(i));
        }
    }

    [Benchmark]
    public ulong TlbHit() => _cached.Translate(new Smmuv3Request(1, Va + 0x18, AccessKind.Read)).OutputAddress;

    [Benchmark]
    public ulong Stage1Walk4Level() => _uncached.Translate(new Smmuv3Request(1, Va + 0x18, AccessKind.Read)).OutputAddress;

    [Benchmark]
    public ulong NestedWalk4x4() => _uncached.Translate(new Smmuv3Request(2, Va + 0x18, AccessKind.Read)).OutputAddress;

    /// <summary>16384 pages round-robin through a 4096-entry TLB: nearly every request walks and replaces an entry.</summary>
    [Benchmark(OperationsPerInvoke = StreamRequests)]
    public ulong WorkingSetLargerThanTlb() => Stream(_bounded, 0, StreamRequests);

    /// <summary>The same stream split over two threads; the reported time is per translation (half of one thread's if it scales perfectly).</summary>
    [Benchmark(OperationsPerInvoke = StreamRequests)]
    public ulong WorkingSetTwoThreads()
    {
        ulong other = 0;
        var thread = new Thread(() => other = Stream(_bounded, 1, StreamRequests / 2));
        thread.Start();
        var mine = Stream(_bounded, 0, StreamRequests / 2);
        thread.Join();
        return mine ^ other;
    }

    /// <summary>TLB hits on two threads (the hit path takes no lock, so this should scale).</summary>
    [Benchmark(OperationsPerInvoke = HitRequests)]
    public ulong TlbHitTwoThreads()
    {
        ulong other = 0;
        var thread = new Thread(() => other = Hits(HitRequests / 2));
        thread.Start();
        var mine = Hits(HitRequests / 2);
        thread.Join();
        return mine ^ other;
    }

    /// <summary>TLB hits on one thread, per translation, for comparison with <see cref="TlbHitTwoThreads"/>.</summary>
    [Benchmark(OperationsPerInvoke = HitRequests)]
    public ulong TlbHitOneThread() => Hits(HitRequests);

    private ulong Hits(int count)
    {
        ulong sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += _cached.Translate(new Smmuv3Request(1, Va + ((ulong)(i & 63) << 3), AccessKind.Read)).OutputAddress;
        }

        return sum;
    }

    private static ulong Stream(Smmuv3Device smmu, int offset, int count)
    {
        ulong sum = 0;
        for (var i = 0; i < count; i++)
        {
            var page = (ulong)(((i * 2) + offset) & (WorkingSetPages - 1));
            sum += smmu.Translate(new Smmuv3Request(1, Va + (page << 12), AccessKind.Read)).OutputAddress;
        }

        return sum;
    }
}
