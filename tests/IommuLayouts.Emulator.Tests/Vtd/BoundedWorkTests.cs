using System;
using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Tests.Memory;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>
/// Issue 16, VT-d side: one IQT write processes at most the 2^(QS + 8) slots IQA.QS (3 bits, QS ≤ 7) allows, each
/// slot once, however the queue is programmed.
/// </summary>
public class BoundedWorkTests
{
    [Fact]
    public void One_iqt_write_runs_at_most_one_queue_of_descriptors()
    {
        var cc = new ContextCacheInvalidateDescriptor { TypeLow = 1, Granularity = ContextCacheGranularity.Global };
        Span<ulong> words = stackalloc ulong[4];
        cc.CopyWordsTo(words);
        var memory = new CountingGuestMemory(new DescriptorMemory(words[0]));
        var unit = new VtdRemappingUnit(memory);
        var iqa = new InvalidationQueueAddressRegister { QueueSize = 7, QueueBase = 0x1000_0000 };
        Assert.True(unit.WriteRegister(VtdRegisterMap.InvalidationQueueAddress, iqa.GetWord(0), 64));
        Assert.True(unit.WriteRegister(VtdRegisterMap.GlobalCommand, new GlobalCommandRegister { QueuedInvalidationEnable = true }.GetWord(0), 32));
        memory.Reset();

        // The last slot of a 2^15-descriptor queue: every descriptor before it is run, once.
        var entries = 1 << (7 + 8);
        var iqt = new InvalidationQueueTailRegister { QueueTail = (ushort)(entries - 1) };
        Assert.True(unit.WriteRegister(VtdRegisterMap.InvalidationQueueTail, iqt.GetWord(0), 64));
        Assert.Equal(entries - 1, memory.Accesses);
        Assert.Equal(iqt.GetWord(0), unit.ReadRegister(VtdRegisterMap.InvalidationQueueHead, 64));
        Assert.False(new FaultStatusRegister(unit.ReadRegister(VtdRegisterMap.FaultStatus, 32)).InvalidationQueueError);
    }

    /// <summary>Memory in which every 16 bytes read as one 128-bit descriptor (first word, then zero).</summary>
    private sealed class DescriptorMemory(ulong word0) : IGuestMemory
    {
        public bool TryReadUInt64(ulong address, out ulong value) { value = 0; return true; }
        public bool TryWriteUInt64(ulong address, ulong value) => true;
        public bool TryReadUInt32(ulong address, out uint value) { value = 0; return true; }
        public bool TryWriteUInt32(ulong address, uint value) => true;
        public bool TryCompareExchangeUInt64(ulong address, ulong expected, ulong desired, out ulong observed) { observed = 0; return true; }
        public bool TryWrite(ulong address, ReadOnlySpan<byte> source) => true;

        public bool TryRead(ulong address, Span<byte> destination)
        {
            destination.Clear();
            if (destination.Length >= 8)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination, word0);
            }

            return true;
        }
    }
}
