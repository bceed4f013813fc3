using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Benchmarks;

/// <summary>
/// VT-d translation cost: an IOTLB hit, a 4-level second-stage walk with the IOTLB off, a nested 4×4 walk, a
/// working set four times the IOTLB, and IOTLB hits on two threads (compare the per-operation time with one thread).
/// </summary>
[MemoryDiagnoser]
public class VtdTranslateBenchmarks
{
    private const int ThreadOps = 1 << 22;
    private const int WorkingSetPages = 4096;
    private static readonly ushort Device = VtdRequest.SourceIdOf(0, 3, 0);

    private VtdRemappingUnit _cached = null!;
    private VtdRemappingUnit _uncached = null!;
    private VtdRemappingUnit _nested = null!;
    private VtdRemappingUnit _bounded = null!;
    private VtdRequest _legacyRequest;
    private VtdRequest _nestedRequest;
    private int _page;

    [GlobalSetup]
    public void Setup()
    {
        _cached = Legacy(new VtdCacheOptions { Iotlb = CachePolicy.Unbounded });
        _uncached = Legacy(new VtdCacheOptions { Iotlb = CachePolicy.None });
        _bounded = Legacy(new VtdCacheOptions { Iotlb = CachePolicy.Bounded(1024) });
        _nested = Nested();
        _legacyRequest = new VtdRequest(Device, 0x1234, AccessKind.Read);
        _nestedRequest = new VtdRequest(Device, 0x1234, AccessKind.Read, pasid: 5);
        _cached.Translate(in _legacyRequest);
    }

    [Benchmark]
    public ulong TlbHit() => _cached.Translate(in _legacyRequest).OutputAddress;

    [Benchmark]
    public ulong Walk4Level() => _uncached.Translate(in _legacyRequest).OutputAddress;

    [Benchmark]
    public ulong NestedWalk4x4() => _nested.Translate(in _nestedRequest).OutputAddress;

    [Benchmark]
    public ulong WorkingSetLargerThanTlb()
    {
        _page = (_page + 1) & (WorkingSetPages - 1);
        return _bounded.Translate(new VtdRequest(Device, (ulong)_page << 12, AccessKind.Read)).OutputAddress;
    }

    [Benchmark(OperationsPerInvoke = ThreadOps)]
    public ulong TlbHitOneThread() => Loop(_cached, ThreadOps);

    [Benchmark(OperationsPerInvoke = ThreadOps)]
    public ulong TlbHitTwoThreads()
    {
        // A dedicated thread: Parallel.Invoke may run both halves on the calling thread when no pool thread is ready.
        var device = _cached;
        ulong other = 0;
        var thread = new Thread(() => other = Loop(device, ThreadOps / 2));
        thread.Start();
        var mine = Loop(device, ThreadOps / 2);
        thread.Join();
        return mine + other;
    }

    private static ulong Loop(VtdRemappingUnit device, int count)
    {
        var request = new VtdRequest(Device, 0x1234, AccessKind.Read);
        ulong sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += device.Translate(in request).OutputAddress;
        }

        return sum;
    }

    private static VtdRemappingUnit Legacy(VtdCacheOptions caches)
    {
        var memory = new SparseGuestMemory();
        var allocator = new BumpTableAllocator(memory, 0x2000_0000, 0x3000_0000);
        var tables = new VtdPageTableBuilder(memory, allocator, VtdTableFormat.SecondStage, 4);
        tables.Map(0, 0x5000_0000, (ulong)WorkingSetPages << 12, IommuProt.Read | IommuProt.Write);
        var context = allocator.Allocate(4096, 4096);
        memory.TryWriteUInt64(0x1000_0000, context | 1);
        var ce = default(ContextEntry);
        ce.Present = true;
        ce.SecondStagePageTablePointer = tables.RootAddress;
        ce.AddressWidth = 2;
        ce.DomainId = 1;
        memory.TryWriteUInt64(context + ((ulong)(byte)Device * 16), ce.GetWord(0));
        memory.TryWriteUInt64(context + ((ulong)(byte)Device * 16) + 8, ce.GetWord(1));
        var vtd = new VtdRemappingUnit(memory, caches: caches);
        vtd.WriteRegister(0x20, 0x1000_0000, 64);
        vtd.WriteRegister(0x18, 1u << 30, 32);
        vtd.WriteRegister(0x18, 1u << 31, 32);
        return vtd;
    }

    private static VtdRemappingUnit Nested()
    {
        var memory = new SparseGuestMemory();
        var allocator = new BumpTableAllocator(memory, 0x2000_0000, 0x3000_0000);
        var ss = new VtdPageTableBuilder(memory, allocator, VtdTableFormat.SecondStage, 4);
        var fs = new VtdPageTableBuilder(memory, allocator, VtdTableFormat.FirstStage, 4);
        fs.Map(0, 0x4000_0000, 0x2000, IommuProt.Read | IommuProt.Write);
        ss.Map(0x2000_0000, 0x2000_0000, 0x10_0000, IommuProt.Read | IommuProt.Write); // the tables, identity
        ss.Map(0x4000_0000, 0x6000_0000, 0x2000, IommuProt.Read | IommuProt.Write);
        var context = allocator.Allocate(4096, 4096);
        var dir = allocator.Allocate(4096, 4096);
        var table = allocator.Allocate(4096, 4096);
        memory.TryWriteUInt64(0x1000_0000, context | 1);
        var sce = default(ScalableContextEntry);
        sce.Present = true;
        sce.PasidEnable = true;
        sce.PasidDirectoryPointer = dir;
        var ceAddress = context + ((ulong)(byte)Device * 32);
        for (var i = 0; i < 4; i++)
        {
            memory.TryWriteUInt64(ceAddress + ((ulong)i * 8), sce.GetWord(i));
        }

        memory.TryWriteUInt64(dir, table | 1);
        var pe = default(PasidEntry);
        pe.Present = true;
        pe.Pgtt = PasidGranularTranslationType.Nested;
        pe.AddressWidth = 2;
        pe.SecondStagePageTablePointer = ss.RootAddress;
        pe.FirstStagePageTablePointer = fs.RootAddress;
        pe.DomainId = 1;
        for (var i = 0; i < 8; i++)
        {
            memory.TryWriteUInt64(table + (5 * 64) + ((ulong)i * 8), pe.GetWord(i));
        }

        var vtd = new VtdRemappingUnit(memory, caches: new VtdCacheOptions { Iotlb = CachePolicy.None });
        vtd.WriteRegister(0x20, 0x1000_0000 | (1UL << 10), 64);
        vtd.WriteRegister(0x18, 1u << 30, 32);
        vtd.WriteRegister(0x18, 1u << 31, 32);
        var check = vtd.Translate(new VtdRequest(Device, 0x1234, AccessKind.Read, pasid: 5));
        if (check.OutputAddress != 0x6000_1234)
        {
            throw new System.InvalidOperationException($"Nested benchmark setup does not translate: {check}");
        }

        return vtd;
    }
}
