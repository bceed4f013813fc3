using System;
using System.Collections.Generic;
using IommuLayouts;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using Xunit;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// A guest "driver" for tests: programs the SMMU as QEMU's qtest does (tests/qtest/libqos/qos-smmuv3.c
/// qsmmu_program_bank: GBPA = UPDATE, CR1 = 0x0d75, CMDQ/EVENTQ_BASE = address | 0xa, STRTAB_BASE_CFG = 0x5,
/// CR0 = 0xd), plus CR2 = PTM | RECINVSID as Linux arm_smmu_device_reset writes it (so C_BAD_STREAMID is recorded), with the qtest addresses (qos-smmuv3.h, plus QSMMU_SPACE_OFFS_NS 0x40000000), and offers STE/CD
/// writes, command submission and event draining.
/// </summary>
internal sealed class Smmuv3TestBed
{
    public const ulong StreamTable = 0x4E17_9000;   // QSMMU_STR_TAB_BASE + NS offset
    public const ulong CommandQueue = 0x4E16_B000;  // QSMMU_CMDQ_BASE_ADDR + NS offset
    public const ulong EventQueue = 0x4E17_0000;    // QSMMU_EVENTQ_BASE_ADDR + NS offset
    public const ulong QtestCd = 0x4E17_8FC0;       // QSMMU_CD_GPA = STR_TAB_BASE - 0x40, + NS offset
    public const int CommandLog2 = 10;
    public const int EventLog2 = 10;
    public const ulong TablePool = 0x5000_0000;

    private readonly BumpTableAllocator _allocator;
    private uint _cmdProd;

    public Smmuv3TestBed(Smmuv3Capabilities? capabilities = null, bool enable = true, int eventLog2 = EventLog2, Func<IGuestMemory, IGuestMemory>? deviceMemory = null)
    {
        Memory = new SparseGuestMemory();
        Smmu = new Smmuv3Device(deviceMemory?.Invoke(Memory) ?? Memory, capabilities);
        _allocator = new BumpTableAllocator(Memory, TablePool, TablePool + 0x1000_0000);
        if (enable)
        {
            Enable(eventLog2);
        }
    }

    public SparseGuestMemory Memory { get; }

    public Smmuv3Device Smmu { get; }

    public ulong Allocate(ulong size, ulong alignment) => _allocator.Allocate(size, alignment);

    public void Enable(int eventLog2 = EventLog2, uint strtabCfg = 0x5, ulong strtabBase = StreamTable)
    {
        W32(R.Gbpa, 0x8000_0000);
        W32(R.Cr0, 0);
        W32(R.Cr1, 0x0D75);
        W32(R.Cr2, (uint)new Cr2 { PTM = true, RECINVSID = true }.Word); // Linux arm_smmu_device_reset (qtest leaves CR2 at 0)
        W64(R.CmdqBase, CommandQueue | CommandLog2);
        W32(R.CmdqCons, 0);
        W32(R.CmdqProd, 0);
        W64(R.EventqBase, EventQueue | (uint)eventLog2);
        W32(R.EventqProd, 0);
        W32(R.EventqCons, 0);
        W32(R.StrtabBaseCfg, strtabCfg);
        W64(R.StrtabBase, strtabBase);
        W32(R.Cr0, 0xD);
        _cmdProd = 0;
    }

    public void W32(ulong offset, uint value) => Assert.True(Smmu.WriteRegister(offset, value, 32), $"no register at 0x{offset:x}");

    public void W64(ulong offset, ulong value) => Assert.True(Smmu.WriteRegister(offset, value, 64), $"no register at 0x{offset:x}");

    public uint R32(ulong offset) => (uint)Smmu.ReadRegister(offset, 32);

    public void WriteWords(ulong address, ReadOnlySpan<ulong> words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            Assert.True(Memory.TryWriteUInt64(address + ((ulong)i * 8), words[i]));
        }
    }

    public ulong Read64(ulong address)
    {
        Assert.True(Memory.TryReadUInt64(address, out var v));
        return v;
    }

    public void WriteSte(uint sid, StreamTableEntry ste, ulong table = StreamTable)
    {
        Span<ulong> w = stackalloc ulong[8];
        ste.CopyWordsTo(w);
        WriteWords(table + ((ulong)sid * 64), w);
    }

    public void WriteCd(ulong address, ContextDescriptor cd)
    {
        Span<ulong> w = stackalloc ulong[8];
        cd.CopyWordsTo(w);
        WriteWords(address, w);
    }

    /// <summary>A stage-1 STE as Linux arm_smmu_make_cdtable_ste writes it (V, Config S1, S1ContextPtr, S1CDMax, S1DSS).</summary>
    public static StreamTableEntry S1Ste(ulong cdTable, byte cdMax = 0, SteS1Format fmt = SteS1Format.Linear, SteS1Dss dss = SteS1Dss.Terminate) => new()
    {
        V = true, Config = SteConfig.S1Translate, S1ContextPtr = cdTable, S1CDMax = cdMax, S1Fmt = fmt, S1DSS = dss,
    };

    /// <summary>A stage-2 STE with the qtest's stage-2 fields (S2T0SZ 0x14, SL0 2, 4 KB, S2PS 48, AA64) and S2R.</summary>
    public static StreamTableEntry S2Ste(ulong s2ttb, ushort vmid = 0, SteConfig config = SteConfig.S2Translate, ulong cdTable = 0) => new()
    {
        V = true, Config = config, S1ContextPtr = cdTable, S2VMID = vmid, S2T0SZ = 0x14, S2SL0 = 2, S2TG = Tg0Granule.Size4K,
        S2PS = AddressSize.Bits48, S2AA64 = true, S2R = true, S2TTB = s2ttb,
    };

    /// <summary>The qtest CD (qsmmu_build_translation): ASID 0x1e20, AA64, V, A, R, IPS 44, T0SZ 0x10, EPD1, TTB0.</summary>
    public static ContextDescriptor Cd(ulong ttb0, ushort asid = 0x1E20) => new()
    {
        T0SZ = 0x10, EPD1 = true, V = true, IPS = AddressSize.Bits44, AA64 = true, R = true, A = true, ASID = asid, TTB0 = ttb0,
    };

    public Vmsa64PageTableBuilder Stage1Tables(TranslationGranule granule = TranslationGranule.Size4K, int inputSize = 48) =>
        new(Memory, _allocator, TranslationStage.Stage1, granule, inputSize);

    /// <summary>Stage-2 tables for the qtest STE: 44-bit IPA from level 0 (S2T0SZ 0x14, SL0 2).</summary>
    public Vmsa64PageTableBuilder Stage2Tables() =>
        new(Memory, _allocator, TranslationStage.Stage2, TranslationGranule.Size4K, 44, 0);

    /// <summary>Writes a command at CMDQ_PROD and advances PROD (which consumes it).</summary>
    public void Submit(ulong word0, ulong word1 = 0)
    {
        var index = _cmdProd & ((1u << CommandLog2) - 1);
        WriteWords(CommandQueue + (index * 16), [word0, word1]);
        _cmdProd = (_cmdProd + 1) & ((2u << CommandLog2) - 1);
        W32(R.CmdqProd, _cmdProd);
    }

    public void Submit<T>(T command)
        where T : struct, IBitLayout<T>
    {
        Span<ulong> w = stackalloc ulong[2];
        command.CopyWordsTo(w);
        Submit(w[0], w[1]);
    }

    /// <summary>Submits CMD_SYNC and checks that the queue consumed everything without error.</summary>
    public void Sync()
    {
        Submit(SyncCommand.Create());
        var cons = R32(R.CmdqCons);
        Assert.Equal(_cmdProd, cons & 0x000F_FFFF);
        Assert.Equal(0u, (cons >> 24) & 0x7F);
    }

    /// <summary>Every event written since the last call (reads between EVENTQ_CONS and EVENTQ_PROD, then advances CONS).</summary>
    public List<EventRecord> DrainEvents()
    {
        var list = new List<EventRecord>();
        var prod = R32(R.Page1EventqProd);
        var cons = R32(R.Page1EventqCons);
        var log2 = (int)(Smmu.ReadRegister(R.EventqBase, 64) & 0x1F);
        var mask = (2u << log2) - 1;
        Span<ulong> w = stackalloc ulong[4];
        while ((cons & mask) != (prod & mask))
        {
            var index = cons & ((1u << log2) - 1);
            for (var i = 0; i < 4; i++)
            {
                w[i] = Read64(EventQueue + (index * 32) + ((ulong)i * 8));
            }

            list.Add(EventRecord.FromWords(w));
            cons = (cons & 0x8000_0000) | ((cons + 1) & mask);
        }

        W32(R.Page1EventqCons, cons);
        return list;
    }

    public Smmuv3Result Read(uint sid, ulong address, bool privileged = false) =>
        Smmu.Translate(new Smmuv3Request(sid, address, AccessKind.Read, privileged));

    public Smmuv3Result Read(uint sid, uint ssid, ulong address) =>
        Smmu.Translate(new Smmuv3Request(sid, ssid, address, AccessKind.Read));
}
