using IommuLayouts.Specs.Smmuv3;
using Xunit;

namespace IommuLayouts.Specs.Tests.Smmuv3;

/// <summary>
/// Register values the Linux driver writes or reads (arm_smmu_device_reset, arm_smmu_device_hw_probe in
/// arm-smmu-v3.c), from the arm-smmu-v3.h macros named next to each shift.
/// </summary>
public sealed class LinuxRegisterVectorTests
{
    [Fact]
    public void Cr1_and_cr2_as_reset_writes_them()
    {
        // CR1 = TABLE_SH (11:10) ISH | TABLE_OC (9:8) WB | TABLE_IC (7:6) WB | QUEUE_SH (5:4) ISH | QUEUE_OC (3:2) WB | QUEUE_IC (1:0) WB.
        ulong cr1 = 3UL << 10 | 1UL << 8 | 1UL << 6 | 3UL << 4 | 1UL << 2 | 1UL << 0;
        Entry.AssertWords(new Cr1 { TABLE_SH = 3, TABLE_OC = 1, TABLE_IC = 1, QUEUE_SH = 3, QUEUE_OC = 1, QUEUE_IC = 1 }, cr1);

        // CR2 = CR2_PTM (bit 2) | CR2_RECINVSID (bit 1), no E2H.
        var cr2 = Entry.From<Cr2>(1UL << 2 | 1UL << 1);
        Assert.True(cr2.PTM);
        Assert.True(cr2.RECINVSID);
        Assert.False(cr2.E2H);
        Entry.AssertWords(new Cr2 { PTM = true, RECINVSID = true }, 6UL);
    }

    [Fact]
    public void Strtab_base_with_read_allocate_and_two_level_cfg()
    {
        // STRTAB_BASE = (dma & STRTAB_BASE_ADDR_MASK (51:6)) | STRTAB_BASE_RA (bit 62).
        const ulong dma = 0x0000_0008_8000_0000;
        var strtab = Entry.From<StrtabBase>(dma | 1UL << 62);
        Assert.Equal(dma, strtab.ADDR);
        Assert.True(strtab.RA);
        Entry.AssertWords(new StrtabBase { ADDR = dma, RA = true }, dma | 1UL << 62);

        // 2-level: FMT (17:16) 2LVL (1) | SPLIT (10:6) STRTAB_SPLIT (8) | LOG2SIZE (5:0) e.g. 16 StreamID bits.
        ulong cfgWord = 1UL << 16 | 8UL << 6 | 16UL;
        var cfg = Entry.From<StrtabBaseCfg>(cfgWord);
        Assert.Equal(StreamTableFormat.TwoLevel, cfg.FMT);
        Assert.Equal(8, cfg.SPLIT);
        Assert.Equal(16, cfg.LOG2SIZE);
        Entry.AssertWords(new StrtabBaseCfg { FMT = StreamTableFormat.TwoLevel, SPLIT = 8, LOG2SIZE = 16 }, cfgWord);
    }

    [Fact]
    public void Queue_base_holds_address_bits_51_to_5()
    {
        // Q_BASE_ADDR_MASK (51:5) | Q_BASE_LOG2SIZE (4:0) | Q_BASE_RWA (62).
        const ulong dma = 0x000F_FFFF_FFFF_FFE0;
        var q = Entry.From<QueueBase>(dma | 8UL | 1UL << 62);
        Assert.Equal(dma, q.ADDR);
        Assert.Equal(8, q.LOG2SIZE);
        Assert.True(q.RWA);
        Assert.True(q.Validate().IsValid);
        Entry.AssertWords(new QueueBase { ADDR = dma, LOG2SIZE = 8, RWA = true }, dma | 8UL | 1UL << 62);
    }

    [Fact]
    public void Gerror_irq_ctrl_and_iidr_fields()
    {
        // GERROR_ERR_MASK 0x1fd: every error bit Linux handles.
        var gerror = Entry.From<Gerror>(0x1FDUL);
        Assert.True(gerror.CMDQ_ERR);
        Assert.True(gerror.EVTQ_ABT_ERR);
        Assert.True(gerror.PRIQ_ABT_ERR);
        Assert.True(gerror.MSI_CMDQ_ABT_ERR);
        Assert.True(gerror.MSI_EVTQ_ABT_ERR);
        Assert.True(gerror.MSI_PRIQ_ABT_ERR);
        Assert.True(gerror.MSI_GERROR_ABT_ERR);
        Assert.True(gerror.SFM_ERR);
        Assert.True(gerror.Validate().IsValid);

        // IRQ_CTRL_EVTQ_IRQEN (2) | PRIQ (1) | GERROR (0).
        var irq = Entry.From<IrqCtrl>(7UL);
        Assert.True(irq.EVTQ_IRQEN && irq.PRIQ_IRQEN && irq.GERROR_IRQEN);

        // IIDR of an Arm MMU-700 r1p2: PRODUCTID (31:20) 0x487, VARIANT (19:16) 1, REVISION (15:12) 2, IMPLEMENTER (11:0) 0x43b.
        ulong iidrWord = 0x487UL << 20 | 1UL << 16 | 2UL << 12 | 0x43BUL;
        var iidr = Entry.From<Iidr>(iidrWord);
        Assert.Equal(0x487, iidr.ProductID);
        Assert.Equal(1, iidr.Variant);
        Assert.Equal(2, iidr.Revision);
        Assert.Equal(0x43B, iidr.Implementer);
        Entry.AssertWords(new Iidr { ProductID = 0x487, Variant = 1, Revision = 2, Implementer = 0x43B }, iidrWord);
    }

    [Fact]
    public void Idr3_range_invalidation_and_fwb()
    {
        // IDR3_RIL (bit 10), IDR3_FWB (bit 8).
        var idr3 = Entry.From<Idr3>(1UL << 10 | 1UL << 8);
        Assert.True(idr3.RIL);
        Assert.True(idr3.FWB);
        Assert.False(idr3.STT);
        Entry.AssertWords(new Idr3 { RIL = true, FWB = true }, 0x500UL);
    }
}
