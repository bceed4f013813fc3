using System;

namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// A queue's PROD or CONS register (SMMU_CMDQ_PROD/CONS 0x98/0x9C, SMMU_EVENTQ_PROD/CONS 0xA8/0xAC, PRIQ
/// 0xC8/0xCC; Linux accesses the event and PRI ones in page 1): the queue index with its wrap bit, the
/// command error code (CMDQ_CONS only) and the overflow flag (event and PRI queues).
/// </summary>
/// <remarks>
/// <para>The split of <see cref="WrapIndex"/> depends on the queue's LOG2SIZE (in its QUEUE_BASE register): bits
/// LOG2SIZE-1..0 are the index and bit LOG2SIZE the wrap flag (Linux Q_IDX/Q_WRP). That is a computation,
/// not a fixed field, so it is offered as <see cref="IndexOf"/>, <see cref="WrapOf"/>, <see cref="Compose"/>,
/// <see cref="Increment"/>, <see cref="IsEmpty"/> and <see cref="IsFull"/>. The widest split (LOG2SIZE 19,
/// QEMU SMMU_CMDQS/SMMU_EVENTQS) is 20 bits.</para>
/// <para><c>Validate()</c> reports RES0 bits and an ERR code that is not a <see cref="CommandError"/> (rule ENUM).
/// Bits above the wrap bit for the queue's actual LOG2SIZE, ERR outside CMDQ_CONS and OVF in the command
/// queue's registers are the emulator's business (it knows which register and size this is).</para>
/// </remarks>
[BitLayout(32, Name = "smmuv3.queue-prod-cons",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h Q_IDX, Q_WRP, Q_OVERFLOW_FLAG, CMDQ_CONS_ERR; QEMU smmuv3-internal.h CMDQ_CONS.ERR",
    Summary = "SMMUv3 queue PROD or CONS register")]
public partial struct QueueProdCons
{
    /// <summary>Largest LOG2SIZE a queue can have (the wrap bit is then bit 19).</summary>
    public const int MaxLog2Size = 19;

    /// <summary>Wrap flag and index together; split them with <see cref="IndexOf"/> and <see cref="WrapOf"/>.</summary>
    [Bits(0, 19)] public partial uint WrapIndex { readonly get; set; }

    /// <summary>CMDQ_CONS only: why command consumption stopped.</summary>
    [Bits(24, 30)] public partial CommandError ERR { readonly get; set; }

    /// <summary>Event and PRI queues: overflow flag, toggled by the SMMU on PROD when entries are lost and copied to CONS by software.</summary>
    [Bit(31)] public partial bool OVF { readonly get; set; }

    /// <summary>The index part of <paramref name="wrapIndex"/> for a queue of 2^<paramref name="log2Size"/> entries.</summary>
    public static uint IndexOf(uint wrapIndex, int log2Size)
    {
        CheckLog2Size(log2Size);
        return wrapIndex & ((1u << log2Size) - 1);
    }

    /// <summary>The wrap flag of <paramref name="wrapIndex"/> for a queue of 2^<paramref name="log2Size"/> entries.</summary>
    public static bool WrapOf(uint wrapIndex, int log2Size)
    {
        CheckLog2Size(log2Size);
        return ((wrapIndex >> log2Size) & 1) != 0;
    }

    /// <summary>The wrap-and-index value of <paramref name="index"/> and <paramref name="wrap"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index does not fit the queue.</exception>
    public static uint Compose(uint index, bool wrap, int log2Size)
    {
        CheckLog2Size(log2Size);
        if (index >= 1u << log2Size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"a queue of 2^{log2Size} entries has indexes 0..{(1u << log2Size) - 1}");
        }

        return index | (wrap ? 1u << log2Size : 0);
    }

    /// <summary>The wrap-and-index value one entry after <paramref name="wrapIndex"/>: the index wraps to 0 and toggles the wrap flag.</summary>
    public static uint Increment(uint wrapIndex, int log2Size)
    {
        CheckLog2Size(log2Size);
        var mask = (2u << log2Size) - 1;
        return (wrapIndex + 1) & mask;
    }

    /// <summary>True when a queue with these PROD and CONS positions holds no entry (same index, same wrap).</summary>
    public static bool IsEmpty(uint prod, uint cons, int log2Size)
    {
        CheckLog2Size(log2Size);
        var mask = (2u << log2Size) - 1;
        return (prod & mask) == (cons & mask);
    }

    /// <summary>True when a queue with these PROD and CONS positions is full (same index, different wrap).</summary>
    public static bool IsFull(uint prod, uint cons, int log2Size) =>
        IndexOf(prod, log2Size) == IndexOf(cons, log2Size) && WrapOf(prod, log2Size) != WrapOf(cons, log2Size);

    /// <summary>The index of this register's position for a queue of 2^<paramref name="log2Size"/> entries.</summary>
    public readonly uint Index(int log2Size) => IndexOf(WrapIndex, log2Size);

    /// <summary>The wrap flag of this register's position for a queue of 2^<paramref name="log2Size"/> entries.</summary>
    public readonly bool Wrap(int log2Size) => WrapOf(WrapIndex, log2Size);

    private static void CheckLog2Size(int log2Size)
    {
        if (log2Size is < 0 or > MaxLog2Size)
        {
            throw new ArgumentOutOfRangeException(nameof(log2Size), log2Size, $"a queue's LOG2SIZE is 0..{MaxLog2Size}");
        }
    }
}
