using System;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_CMDQ_BASE (0x90), SMMU_EVENTQ_BASE (0xA0) and SMMU_PRIQ_BASE (0xC0), 64-bit: a queue's address and size.</summary>
/// <remarks><c>Validate()</c> reports RES0 bits. The queue must be aligned to its size (2^LOG2SIZE entries of 16 or 32 bytes, at least 32 bytes), which depends on which queue it is, and LOG2SIZE is bounded by IDR1.CMDQS/EVENTQS/PRIQS: both are the emulator's checks. QEMU's qtest writes base | 0xA (LOG2SIZE 10).</remarks>
[BitLayout(64, Name = "smmuv3.queue-base",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h Q_BASE_*; QEMU smmuv3-internal.h SMMU_BASE_ADDR_MASK (see NOTES)",
    Summary = "SMMUv3 CMDQ_BASE, EVENTQ_BASE or PRIQ_BASE register")]
public partial struct QueueBase
{
    /// <summary>log2 of the number of queue entries.</summary>
    [Bits(0, 4)] public partial byte LOG2SIZE { readonly get; set; }

    /// <summary>Queue address, bits 51:5.</summary>
    [Bits(5, 51), Address] public partial ulong ADDR { readonly get; set; }

    /// <summary>Read/write-allocate hint for queue accesses.</summary>
    [Bit(62)] public partial bool RWA { readonly get; set; }

    /// <summary>Size of the queue in bytes for an entry size (16 for commands and PRI requests, 32 for events).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The entry size is not 16 or 32.</exception>
    public readonly ulong QueueBytes(int entryBytes)
    {
        if (entryBytes is not (16 or 32))
        {
            throw new ArgumentOutOfRangeException(nameof(entryBytes), entryBytes, "queue entries are 16 (command, PRI) or 32 (event) bytes");
        }

        return (ulong)entryBytes << LOG2SIZE;
    }
}
