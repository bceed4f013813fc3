using System;
using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// Queue index/wrap arithmetic as Linux defines it (arm-smmu-v3.h Q_IDX = p &amp; (2^n - 1), Q_WRP = p &amp; 2^n,
/// Q_OVERFLOW_FLAG = bit 31; queue_full/queue_empty compare index and wrap).
/// </summary>
public sealed class QueueProdConsTests
{
    [Fact]
    public void Index_and_wrap_split_at_log2size()
    {
        Assert.Equal(0x3FFu, QueueProdCons.IndexOf(0x7FF, 10));
        Assert.True(QueueProdCons.WrapOf(0x7FF, 10));
        Assert.Equal(0x7FFu, QueueProdCons.IndexOf(0x7FF, 11));
        Assert.False(QueueProdCons.WrapOf(0x7FF, 11));
        Assert.Equal(0x405u, QueueProdCons.Compose(5, wrap: true, 10));
    }

    [Fact]
    public void Increment_wraps_the_index_and_toggles_the_wrap_flag()
    {
        Assert.Equal(0x400u, QueueProdCons.Increment(0x3FF, 10));
        Assert.Equal(0u, QueueProdCons.Increment(0x7FF, 10));
        Assert.Equal(1u, QueueProdCons.Increment(0, 0) & 1);
        Assert.Equal(0u, QueueProdCons.Increment(1, 0));
    }

    [Fact]
    public void Empty_and_full()
    {
        Assert.True(QueueProdCons.IsEmpty(0x405, 0x405, 10));
        Assert.False(QueueProdCons.IsFull(0x405, 0x405, 10));
        Assert.True(QueueProdCons.IsFull(0x405, 0x005, 10));
        Assert.False(QueueProdCons.IsEmpty(0x405, 0x005, 10));
    }

    [Fact]
    public void Fields_err_and_ovf_are_bits_24_to_30_and_31()
    {
        // CMDQ_CONS_ERR GENMASK(30, 24) with CMDQ_ERR_CERROR_ILL_IDX (1); Q_OVERFLOW_FLAG (1U << 31).
        var cons = Entry.From<QueueProdCons>(1UL << 24 | 0x12UL);
        Assert.Equal(CommandError.CERROR_ILL, cons.ERR);
        Assert.Equal(0x12u, cons.WrapIndex);
        Assert.Equal(0x12u, cons.Index(5));
        Assert.False(cons.Wrap(5));
        Assert.True(cons.Wrap(4));

        var prod = new QueueProdCons { OVF = true, WrapIndex = QueueProdCons.Compose(3, wrap: true, 8) };
        Entry.AssertWords(prod, 1UL << 31 | 1UL << 8 | 3UL);
    }

    [Fact]
    public void Misuse_is_an_argument_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QueueProdCons.IndexOf(0, 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => QueueProdCons.WrapOf(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => QueueProdCons.Compose(1024, wrap: false, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueueBase().QueueBytes(64));
    }
}
