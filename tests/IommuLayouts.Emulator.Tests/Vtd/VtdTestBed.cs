using System;
using System.Collections.Generic;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// A VT-d unit over sparse memory with helpers that write root, context, PASID-directory and PASID entries through
/// the generated layouts and program the unit through MMIO only, as a driver would (Linux iommu_set_root_entry,
/// iommu_enable_translation, dmar_enable_qi).
/// </summary>
internal sealed class VtdTestBed
{
    /// <summary>QEMU libqos QVTD_ROOT_TABLE_BASE (qos-intel-iommu.h).</summary>
    public const ulong RootTable = 0x1000_0000;

    public const int FrcdOffset = 0x220;

    private readonly Dictionary<int, ulong> _contextTables = [];
    private readonly Dictionary<ushort, ulong> _pasidDirectories = [];
    private readonly Dictionary<(ushort, uint), ulong> _pasidTables = [];

    public VtdTestBed(bool scalable, VtdCapabilities? capabilities = null, VtdCacheOptions? caches = null, ulong tableBase = 0x2000_0000, Func<IGuestMemory, IGuestMemory>? deviceMemory = null)
    {
        Scalable = scalable;
        Memory = new SparseGuestMemory();
        Vtd = new VtdRemappingUnit(deviceMemory?.Invoke(Memory) ?? Memory, capabilities, caches);
        Allocator = new BumpTableAllocator(Memory, tableBase, tableBase + 0x1000_0000);
    }

    public bool Scalable { get; }

    public SparseGuestMemory Memory { get; }

    public VtdRemappingUnit Vtd { get; }

    public BumpTableAllocator Allocator { get; }

    public static ushort Sid(int bus, int dev, int fn) => VtdRequest.SourceIdOf(bus, dev, fn);

    /// <summary>Device 00:03.0, the device the small setups below program.</summary>
    public static ushort Device => Sid(0, 3, 0);

    /// <summary>A scalable-mode unit where <see cref="Device"/> with PASID 5 maps 0x1000 to 0x5000_0000 (read/write) through a 4-level first stage.</summary>
    public static VtdTestBed FirstStagePage(VtdCacheOptions? caches = null)
    {
        var bed = new VtdTestBed(scalable: true, caches: caches);
        var tables = bed.Tables(VtdTableFormat.FirstStage, 4);
        tables.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        bed.ScalableContext(Device);
        bed.SetPasidEntry(Device, 5, FirstStageEntry(tables.RootAddress, 4, did: 1));
        bed.Enable();
        return bed;
    }

    /// <summary>A legacy-mode unit where <see cref="Device"/> maps 0x1000 to 0x5000_0000 (read-only) through a 4-level second stage.</summary>
    public static VtdTestBed LegacySecondStagePage(VtdCacheOptions? caches = null)
    {
        var bed = new VtdTestBed(scalable: false, caches: caches);
        var tables = bed.Tables(VtdTableFormat.SecondStage, 4);
        tables.Map(0x1000, 0x5000_0000, 0x1000, IommuProt.Read);
        bed.LegacyContext(Device, tables.RootAddress, 4, did: 1);
        bed.Enable();
        return bed;
    }

    /// <summary>Latches the root table (TTM from <see cref="Scalable"/> unless given) and enables translation.</summary>
    public void Enable(RootTableTranslationMode? mode = null)
    {
        var ttm = (ulong)(mode ?? (Scalable ? RootTableTranslationMode.Scalable : RootTableTranslationMode.Legacy));
        Assert.True(Vtd.WriteRegister(0x20, RootTable | (ttm << 10), 64));
        Assert.True(Vtd.WriteRegister(0x18, 1u << 30, 32)); // SRTP
        Assert.True(Vtd.WriteRegister(0x18, 1u << 31, 32)); // TE
        Assert.Equal(0xC000_0000UL, Vtd.ReadRegister(0x1C, 32) & 0xC000_0000UL); // TES | RTPS
    }

    public VtdPageTableBuilder Tables(VtdTableFormat format, int levels, Func<ulong, ulong>? physicalOf = null) =>
        new(Memory, Allocator, format, levels, physicalOf);

    public ulong ContextTableFor(int bus, bool upper = false)
    {
        var key = (bus << 1) | (upper ? 1 : 0);
        if (!_contextTables.TryGetValue(key, out var table))
        {
            table = Allocator.Allocate(4096, 4096);
            _contextTables[key] = table;
            var rootAddress = RootTable + ((ulong)bus * 16);
            Memory.TryReadUInt64(rootAddress, out var lo);
            Memory.TryReadUInt64(rootAddress + 8, out var hi);
            if (upper)
            {
                hi = table | 1;
            }
            else
            {
                lo = table | 1;
            }

            Write(rootAddress, lo, hi);
        }

        return table;
    }

    public ulong ContextEntryAddress(ushort sid)
    {
        var devfn = (byte)sid;
        if (!Scalable)
        {
            return ContextTableFor(sid >> 8) + ((ulong)devfn * 16);
        }

        return ContextTableFor(sid >> 8, devfn >= 0x80) + ((ulong)(devfn & 0x7F) * 32);
    }

    /// <summary>A legacy context entry: TT, SLPTPTR, AW, DID (Linux context_set_*).</summary>
    public void LegacyContext(ushort sid, ulong slptptr, int levels, ushort did, ContextTranslationType tt = ContextTranslationType.MultiLevel, bool fpd = false)
    {
        var ce = default(ContextEntry);
        ce.Present = true;
        ce.FaultProcessingDisable = fpd;
        ce.Tt = tt;
        ce.SecondStagePageTablePointer = slptptr;
        ce.AddressWidth = (byte)(levels - 2);
        ce.DomainId = did;
        Write(ContextEntryAddress(sid), ce.GetWord(0), ce.GetWord(1));
    }

    /// <summary>A scalable-mode context entry with a fresh PASID directory of 2^(pdts+7) entries.</summary>
    public ulong ScalableContext(ushort sid, int pdts = 7, bool pasidEnable = true, uint ridPasid = 0, bool fpd = false)
    {
        var dir = Allocator.Allocate(4096UL << Math.Max(0, pdts - 2), 4096);
        _pasidDirectories[sid] = dir;
        var sce = default(ScalableContextEntry);
        sce.Present = true;
        sce.FaultProcessingDisable = fpd;
        sce.PasidEnable = pasidEnable;
        sce.PasidDirectorySize = (byte)pdts;
        sce.PasidDirectoryPointer = dir;
        sce.RidPasid = ridPasid;
        var address = ContextEntryAddress(sid);
        Write(address, sce.GetWord(0), sce.GetWord(1));
        Write(address + 16, sce.GetWord(2), sce.GetWord(3));
        return dir;
    }

    /// <summary>Address of the PASID-table entry of (sid, pasid), creating the directory entry and table if needed.</summary>
    public ulong PasidEntryAddress(ushort sid, uint pasid)
    {
        var dir = _pasidDirectories[sid];
        var dirIndex = pasid >> 6;
        if (!_pasidTables.TryGetValue((sid, dirIndex), out var table))
        {
            table = Allocator.Allocate(4096, 4096);
            _pasidTables[(sid, dirIndex)] = table;
            Assert.True(Memory.TryWriteUInt64(dir + (dirIndex * 8), table | 1));
        }

        return table + ((pasid & 0x3F) * 64);
    }

    public ulong PasidDirectoryEntryAddress(ushort sid, uint pasid) => _pasidDirectories[sid] + ((pasid >> 6) * 8);

    public void SetPasidEntry(ushort sid, uint pasid, in PasidEntry entry)
    {
        var address = PasidEntryAddress(sid, pasid);
        for (var i = 0; i < 8; i++)
        {
            Assert.True(Memory.TryWriteUInt64(address + ((ulong)i * 8), entry.GetWord(i)));
        }
    }

    public static PasidEntry SecondStageEntry(ulong ssptptr, int levels, ushort did)
    {
        var pe = default(PasidEntry);
        pe.Present = true;
        pe.Pgtt = PasidGranularTranslationType.SecondStage;
        pe.AddressWidth = (byte)(levels - 2);
        pe.SecondStagePageTablePointer = ssptptr;
        pe.DomainId = did;
        return pe;
    }

    public static PasidEntry FirstStageEntry(ulong fsptptr, int levels, ushort did)
    {
        var pe = default(PasidEntry);
        pe.Present = true;
        pe.Pgtt = PasidGranularTranslationType.FirstStage;
        pe.Fspm = (FirstStagePagingMode)(levels - 4);
        pe.FirstStagePageTablePointer = fsptptr;
        pe.DomainId = did;
        pe.AddressWidth = 2;
        return pe;
    }

    public static PasidEntry NestedEntry(ulong fsptptr, int fsLevels, ulong ssptptr, int ssLevels, ushort did)
    {
        var pe = FirstStageEntry(fsptptr, fsLevels, did);
        pe.Pgtt = PasidGranularTranslationType.Nested;
        pe.SecondStagePageTablePointer = ssptptr;
        pe.AddressWidth = (byte)(ssLevels - 2);
        return pe;
    }

    public VtdTranslation Translate(ushort sid, ulong address, AccessKind access = AccessKind.Read, uint? pasid = null, bool privileged = false, bool execute = false) =>
        Vtd.Translate(new VtdRequest(sid, address, access, pasid, privileged, execute));

    /// <summary>FRCD <paramref name="index"/> read through MMIO (two 64-bit reads at CAP.FRO·16 + 16·index).</summary>
    public FaultRecord ReadFrcd(int index)
    {
        var lo = Vtd.ReadRegister((ulong)(FrcdOffset + (16 * index)), 64);
        var hi = Vtd.ReadRegister((ulong)(FrcdOffset + (16 * index) + 8), 64);
        return FaultRecord.FromWords([lo, hi]);
    }

    public uint Fsts => (uint)Vtd.ReadRegister(0x34, 32);

    // Queued invalidation ------------------------------------------------------------------------------------

    public ulong QueueBase { get; private set; }

    public bool WideQueue { get; private set; }

    /// <summary>Programs IQA (QS = 0: 256 × 128-bit or 128 × 256-bit descriptors), IQT = 0, and sets GCMD.QIE (Linux dmar_enable_qi).</summary>
    public void EnableQueue(bool wide)
    {
        WideQueue = wide;
        QueueBase = Allocator.Allocate(4096, 4096);
        Assert.True(Vtd.WriteRegister(0x90, QueueBase | (wide ? 1UL << 11 : 0), 64));
        Assert.True(Vtd.WriteRegister(0x88, 0, 64));
        var gsts = (uint)Vtd.ReadRegister(0x1C, 32);
        Assert.True(Vtd.WriteRegister(0x18, (gsts & 0x8000_0000u) | (1u << 26), 32));
        Assert.NotEqual(0UL, Vtd.ReadRegister(0x1C, 32) & (1UL << 26));
    }

    private int _tail;

    /// <summary>Writes the descriptors at the tail and moves IQT past them.</summary>
    public void Submit(params ulong[][] descriptors)
    {
        var size = WideQueue ? 32 : 16;
        foreach (var d in descriptors)
        {
            var address = QueueBase + (ulong)(_tail * size);
            for (var i = 0; i < size / 8; i++)
            {
                Assert.True(Memory.TryWriteUInt64(address + ((ulong)i * 8), i < d.Length ? d[i] : 0));
            }

            _tail = (_tail + 1) % (WideQueue ? 128 : 256);
        }

        Assert.True(Vtd.WriteRegister(0x88, (ulong)(_tail * size), 64));
    }

    public ulong QueueHead => Vtd.ReadRegister(0x80, 64);

    private void Write(ulong address, ulong lo, ulong hi)
    {
        Assert.True(Memory.TryWriteUInt64(address, lo));
        Assert.True(Memory.TryWriteUInt64(address + 8, hi));
    }
}
