using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Tests.Memory;
using IommuLayouts.Emulator.Walkers;
using Xunit;
using R = IommuLayouts.Specs.Smmuv3.Smmuv3RegisterMap;

namespace IommuLayouts.Emulator.Tests.Smmuv3;

/// <summary>
/// Issue 16: a guest must not make one register write or one request cost more than a bounded number of guest-memory
/// accesses, whatever it writes to the queue and stream-table registers.
/// </summary>
public class BoundedWorkTests
{
    [Fact]
    public void Issue16_register_writes_and_requests_do_bounded_work()
    {
        var memory = new CountingGuestMemory(new SparseGuestMemory());
        var smmu = new Smmuv3Device(memory);
        var writes = new (ulong Offset, uint Value)[]
        {
            (R.StrtabBaseCfg, 0x10005), (R.EventqBase, 0xb4799598), (R.CmdqCons, 0xad3150d7), (R.EventqProd, 0x4d162de0),
            (R.Cr0, 0xf5ce43), (R.Gbpa, 0xb787cb52), (R.Cr0, 1),
        };
        long worst = 0;
        foreach (var (offset, value) in writes)
        {
            memory.Reset();
            smmu.WriteRegister(offset, value, 32);
            worst = System.Math.Max(worst, memory.Accesses);
        }

        foreach (var sid in new uint[] { 0, 1, 31 })
        {
            memory.Reset();
            smmu.Translate(new Smmuv3Request(sid, 0x1000, AccessKind.Read));
            worst = System.Math.Max(worst, memory.Accesses);
        }

        Assert.True(worst < 1000, $"one call made {worst} guest-memory accesses");
    }

    [Fact]
    public void One_cmdq_prod_write_consumes_at_most_the_queue_that_idr1_cmdqs_allows()
    {
        // Every slot holds CMD_PREFETCH_ADDR (legal, no effect), so consumption only stops at PROD.
        var memory = new CountingGuestMemory(new PatternMemory((ulong)IommuLayouts.Specs.Smmuv3.CommandOpcode.CMD_PREFETCH_ADDR));
        var smmu = new Smmuv3Device(memory, Smmuv3Capabilities.Default with { CommandQueueLog2Size = 8 });
        smmu.WriteRegister(R.CmdqBase, 0x4E16_B000 | 31UL, 64); // LOG2SIZE 31: capped to IDR1.CMDQS = 8
        smmu.WriteRegister(R.Cr0, 0x8, 32);                      // CMDQEN
        memory.Reset();
        smmu.WriteRegister(R.CmdqProd, 0x7FFF_FFFF, 32);         // with LOG2SIZE 31, 2^31 − 1 commands
        Assert.True(memory.Accesses is > 0 and <= 2 * 2 * 256, $"{memory.Accesses} accesses, CONS 0x{smmu.ReadRegister(R.CmdqCons, 32):x}, GERROR 0x{smmu.ReadRegister(R.Gerror, 32):x}");
        // PROD's index and wrap bit within 2^8 slots (0x1ff): a PROD more than a queue ahead of CONS (CONSTRAINED
        // UNPREDICTABLE) is read as index 0xff with the wrap bit set, so at most 2 × 2^CMDQS commands run, 2 reads each.
        Assert.Equal(0x1FFu, (uint)smmu.ReadRegister(R.CmdqCons, 32));
    }

    /// <summary>Memory whose every 64-bit word reads as one value.</summary>
    private sealed class PatternMemory(ulong word) : IGuestMemory
    {
        public bool TryReadUInt64(ulong address, out ulong value) { value = word; return true; }
        public bool TryWriteUInt64(ulong address, ulong value) => true;
        public bool TryReadUInt32(ulong address, out uint value) { value = (uint)word; return true; }
        public bool TryWriteUInt32(ulong address, uint value) => true;
        public bool TryCompareExchangeUInt64(ulong address, ulong expected, ulong desired, out ulong observed) { observed = word; return true; }
        public bool TryRead(ulong address, System.Span<byte> destination) { destination.Clear(); return true; }
        public bool TryWrite(ulong address, System.ReadOnlySpan<byte> source) => true;
    }
}
