using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

/// <summary>
/// Invalidation descriptors as Linux's QI helpers build them. Expected words are computed by hand from the macro
/// positions in drivers/iommu/intel/iommu.h (QI_CC_*, QI_IOTLB_*, QI_DEV_IOTLB_*, QI_IEC_*, QI_IWD_*, QI_PC_*,
/// QI_EIOTLB_*, QI_DEV_EIOTLB_*, QI_PGRP_*), as listed in the reference notes section 9.
/// </summary>
public sealed class InvalidationDescriptorGoldenTests
{
    [Fact]
    public void Device_selective_context_cache_invalidation()
    {
        // qi_flush_context(did = 0, sid = 0x0108, fm = DMA_CCMD_MASK_NOBIT, type = DMA_CCMD_DEVICE_INVL = 3 << 61):
        // QI_CC_FM(0) | QI_CC_SID(sid) (<< 32) | QI_CC_DID(0) (<< 16) | QI_CC_GRAN(type) (type >> 57 = 3 << 4) | QI_CC_TYPE (1).
        const ulong qw0 = (0x0108UL << 32) | (3UL << 4) | 1UL;
        Assert.Equal(0x0000_0108_0000_0031UL, qw0);

        var d = ContextCacheInvalidateDescriptor.FromWords(new ulong[] { qw0, 0UL });
        Assert.Equal(InvalidationDescriptorType.ContextCache, InvalidationDescriptor.TypeOf(qw0));
        Assert.Equal(ContextCacheGranularity.Device, d.Granularity);
        Assert.Equal(0x0108, d.SourceId);
        Assert.Equal(0, d.DomainId);
        Assert.Equal(0, d.FunctionMask);
        ViolationAssert.Valid(d.Validate());

        var built = default(ContextCacheInvalidateDescriptor);
        built.TypeLow = 1;
        built.Granularity = ContextCacheGranularity.Device;
        built.SourceId = 0x0108;
        Assert.Equal(qw0, built.GetWord(0));
        Assert.Equal(0UL, built.GetWord(1));
    }

    [Fact]
    public void Domain_and_page_selective_iotlb_invalidation()
    {
        // qi_flush_iotlb(did = 5, type = DMA_TLB_DSI_FLUSH = 2 << 60) with read and write draining:
        // QI_IOTLB_DID(5) (<< 16) | QI_IOTLB_DR(1) (<< 7) | QI_IOTLB_DW(1) (<< 6) | QI_IOTLB_GRAN (>> 56 = 2 << 4) | QI_IOTLB_TYPE (2).
        const ulong dsi = (5UL << 16) | (1UL << 7) | (1UL << 6) | (2UL << 4) | 2UL;
        Assert.Equal(0x0005_00E2UL, dsi);
        var d = IotlbInvalidateDescriptor.FromWords(new ulong[] { dsi, 0UL });
        Assert.Equal(IotlbGranularity.Domain, d.Granularity);
        Assert.True(d.DrainReads);
        Assert.True(d.DrainWrites);
        Assert.Equal(5, d.DomainId);
        ViolationAssert.Valid(d.Validate());

        // Page-selective (DMA_TLB_PSI_FLUSH = 3 << 60) of 4 pages at 0x1234_5000 with IH:
        // qw1 = QI_IOTLB_ADDR(addr) | QI_IOTLB_IH(1) (<< 6) | QI_IOTLB_AM(2).
        const ulong psi0 = (5UL << 16) | (3UL << 4) | 2UL;
        const ulong psi1 = 0x1234_5000UL | (1UL << 6) | 2UL;
        var p = IotlbInvalidateDescriptor.FromWords(new ulong[] { psi0, psi1 });
        Assert.Equal(IotlbGranularity.Page, p.Granularity);
        Assert.Equal(0x1234_5000UL, p.Address);
        Assert.True(p.InvalidationHint);
        Assert.Equal(2, p.AddressMask);
        ViolationAssert.Valid(p.Validate());

        var built = default(IotlbInvalidateDescriptor);
        built.TypeLow = 2;
        built.Granularity = IotlbGranularity.Page;
        built.DomainId = 5;
        built.Address = 0x1234_5000;
        built.InvalidationHint = true;
        built.AddressMask = 2;
        Assert.Equal(psi0, built.GetWord(0));
        Assert.Equal(psi1, built.GetWord(1));
    }

    [Fact]
    public void Device_tlb_invalidation_carries_the_split_pfsid()
    {
        // qi_flush_dev_iotlb(sid = 0x0210, pfsid = 0x0201, qdep = 0x10, addr = 0x8000_0000, one page):
        // QI_DEV_IOTLB_SID (<< 32) | QI_DEV_IOTLB_QDEP (<< 16) | QI_DIOTLB_TYPE (3) |
        // QI_DEV_IOTLB_PFSID = (pfsid & 0xf) << 12 | (pfsid >> 4) << 52.
        const ulong qw0 = (0x0210UL << 32) | (0x10UL << 16) | 3UL | (0x1UL << 12) | (0x020UL << 52);
        Assert.Equal(0x0200_0210_0010_1003UL, qw0);
        var d = DeviceTlbInvalidateDescriptor.FromWords(new ulong[] { qw0, 0x8000_0000UL });
        Assert.Equal(0x0201, d.Pfsid);
        Assert.Equal(1, d.PfsidLow);
        Assert.Equal(0x020, d.PfsidHigh);
        Assert.Equal(0x0210, d.SourceId);
        Assert.Equal(0x10, d.MaxInvalidationsPending);
        Assert.False(d.Size);
        Assert.Equal(0x8000_0000UL, d.Address);
        ViolationAssert.Valid(d.Validate());

        var built = default(DeviceTlbInvalidateDescriptor);
        built.TypeLow = 3;
        built.SourceId = 0x0210;
        built.MaxInvalidationsPending = 0x10;
        built.Pfsid = 0x0201;
        built.Address = 0x8000_0000;
        Assert.Equal(qw0, built.GetWord(0));
        Assert.Equal(0x8000_0000UL, built.GetWord(1));
    }

    [Fact]
    public void Index_selective_interrupt_entry_cache_invalidation()
    {
        // qi_flush_iec(index = 0x40, mask = 2): QI_IEC_IIDEX (<< 32) | QI_IEC_TYPE (4) | QI_IEC_IM (<< 27) | QI_IEC_SELECTIVE (1 << 4).
        const ulong qw0 = (0x40UL << 32) | 4UL | (2UL << 27) | (1UL << 4);
        Assert.Equal(0x0000_0040_1000_0014UL, qw0);
        var d = InterruptEntryCacheInvalidateDescriptor.FromWords(new ulong[] { qw0, 0UL });
        Assert.Equal(InterruptEntryCacheGranularity.IndexSelective, d.Granularity);
        Assert.Equal(0x40, d.InterruptIndex);
        Assert.Equal(2, d.IndexMask);
        ViolationAssert.Valid(d.Validate());
    }

    [Fact]
    public void Invalidation_wait_with_status_write()
    {
        // QI_IWD_STATUS_DATA(2) (<< 32) | QI_IWD_STATUS_WRITE (1 << 5) | QI_IWD_TYPE (5); qw1 = status address 0x1_0000_0040.
        const ulong qw0 = (2UL << 32) | (1UL << 5) | 5UL;
        Assert.Equal(0x0000_0002_0000_0025UL, qw0);
        var d = InvalidationWaitDescriptor.FromWords(new ulong[] { qw0, 0x1_0000_0040UL });
        Assert.True(d.StatusWrite);
        Assert.False(d.InterruptFlag);
        Assert.False(d.Fence);
        Assert.Equal(2u, d.StatusData);
        Assert.Equal(0x1_0000_0040UL, d.StatusAddress);
        ViolationAssert.Valid(d.Validate());

        var built = default(InvalidationWaitDescriptor);
        built.TypeLow = 5;
        built.StatusWrite = true;
        built.StatusData = 2;
        built.StatusAddress = 0x1_0000_0040;
        Assert.Equal(qw0, built.GetWord(0));
        Assert.Equal(0x1_0000_0040UL, built.GetWord(1));
    }

    [Fact]
    public void Pasid_cache_invalidations()
    {
        // qi_flush_pasid_cache(did = 0, QI_PC_GLOBAL = 3, pasid = 0): QI_PC_GRAN(3) (<< 4) | QI_PC_TYPE (7).
        var global = PasidCacheInvalidateDescriptor.FromWords(new ulong[] { 0x37UL, 0, 0, 0 });
        Assert.Equal(PasidCacheGranularity.Global, global.Granularity);
        ViolationAssert.Valid(global.Validate());

        // PASID-selective (QI_PC_PASID_SEL = 1) for did = 0x42, pasid = 0x1_2345: QI_PC_PASID (<< 32) | QI_PC_DID (<< 16).
        const ulong qw0 = (0x1_2345UL << 32) | (0x42UL << 16) | (1UL << 4) | 7UL;
        Assert.Equal(0x0001_2345_0042_0017UL, qw0);
        var d = PasidCacheInvalidateDescriptor.FromWords(new ulong[] { qw0, 0, 0, 0 });
        Assert.Equal(PasidCacheGranularity.PasidWithinDomain, d.Granularity);
        Assert.Equal(0x42, d.DomainId);
        Assert.Equal(0x1_2345u, d.Pasid);
        ViolationAssert.Valid(d.Validate());
    }

    [Fact]
    public void Pasid_based_iotlb_invalidation_of_a_whole_pasid()
    {
        // qi_flush_piotlb(did = 0x42, pasid = 5, npages = -1): QI_EIOTLB_PASID (<< 32) | QI_EIOTLB_DID (<< 16) |
        // QI_EIOTLB_GRAN(QI_GRAN_NONG_PASID = 2) (<< 4) | QI_EIOTLB_TYPE (6).
        const ulong qw0 = (5UL << 32) | (0x42UL << 16) | (2UL << 4) | 6UL;
        Assert.Equal(0x0000_0005_0042_0026UL, qw0);
        var d = PasidIotlbInvalidateDescriptor.FromWords(new ulong[] { qw0, 0, 0, 0 });
        Assert.Equal(PasidIotlbGranularity.Pasid, d.Granularity);
        Assert.Equal(5u, d.Pasid);
        Assert.Equal(0x42, d.DomainId);
        ViolationAssert.Valid(d.Validate());
    }

    [Fact]
    public void Pasid_based_device_tlb_flush_of_everything()
    {
        // qi_flush_dev_iotlb_pasid for sid = 0x0300, pasid = 0x10, everything: S = 1 (qw1 bit 11) and
        // ADDR[63:12] = 0x7FFFFFFF_FFFFF; qw0 = QI_DEV_EIOTLB_PASID (<< 32) | QI_DEV_EIOTLB_SID (<< 16) | type 8.
        const ulong qw0 = (0x10UL << 32) | (0x0300UL << 16) | 8UL;
        const ulong qw1 = 0x7FFF_FFFF_FFFF_F000UL | (1UL << 11);
        var d = PasidDeviceTlbInvalidateDescriptor.FromWords(new ulong[] { qw0, qw1, 0, 0 });
        Assert.Equal(0x0300, d.SourceId);
        Assert.Equal(0x10u, d.Pasid);
        Assert.True(d.Size);
        Assert.False(d.Global);
        Assert.Equal(0x7FFF_FFFF_FFFF_F000UL, d.Address);
        ViolationAssert.Valid(d.Validate());

        var built = default(PasidDeviceTlbInvalidateDescriptor);
        built.TypeLow = 8;
        built.SourceId = 0x0300;
        built.Pasid = 0x10;
        built.Size = true;
        built.Address = 0x7FFF_FFFF_FFFF_F000;
        Assert.Equal(qw0, built.GetWord(0));
        Assert.Equal(qw1, built.GetWord(1));
    }

    [Fact]
    public void Page_group_response()
    {
        // intel_page_response: QI_PGRP_PASID (<< 32) | QI_PGRP_DID(rid) (<< 16) | QI_PGRP_PASID_P (<< 4) |
        // QI_PGRP_RESP_CODE (<< 12) | QI_PGRP_RESP_TYPE (9); qw1 = QI_PGRP_IDX(prgi) (<< 3).
        const ulong qw0 = (0x99UL << 32) | (0x0400UL << 16) | (1UL << 4) | 9UL;
        Assert.Equal(0x0000_0099_0400_0019UL, qw0);
        var d = PageGroupResponseDescriptor.FromWords(new ulong[] { qw0, 0x1AUL << 3 });
        Assert.True(d.PasidPresent);
        Assert.Equal(PageResponseCode.Success, d.ResponseCode);
        Assert.Equal(0x0400, d.RequesterId);
        Assert.Equal(0x99u, d.Pasid);
        Assert.Equal(0x1A, d.PageRequestGroupIndex);
        Assert.False(d.LastPageInGroup);
        ViolationAssert.Valid(d.Validate());

        // Linux 6.6 QI_PGRP_LPIG(x) = x << 2 in qw1 (bit 66), which QEMU's reserved masks leave alone.
        var last = PageGroupResponseDescriptor.FromWords(new ulong[] { qw0, (0x1AUL << 3) | (1UL << 2) });
        Assert.True(last.LastPageInGroup);
        Assert.Equal(0x1A, last.PageRequestGroupIndex);
        ViolationAssert.Valid(last.Validate());
    }

    [Fact]
    public void Generic_descriptor_combines_the_split_type_field()
    {
        // Type = bits 9..11 above bits 0..3 (QEMU VTD_INV_DESC_TYPE = ((v >> 5) & 0x70) | (v & 0xf)).
        var d = InvalidationDescriptor.FromWords(new ulong[] { 0x0000_0005_0042_0026UL, 0x1234UL, 0, 0 });
        Assert.Equal(6, d.TypeLow);
        Assert.Equal(0, d.TypeHigh);
        Assert.Equal(InvalidationDescriptorType.PasidIotlb, d.Type);
        ViolationAssert.Valid(d.Validate());

        Assert.Equal(0x15, InvalidationDescriptor.CombineType(5, 1));
        Assert.Equal((InvalidationDescriptorType)0x75, InvalidationDescriptor.TypeOf((7UL << 9) | 5UL));
        Assert.True(InvalidationDescriptor.RequiresWideDescriptors(InvalidationDescriptorType.PasidCache));
        Assert.False(InvalidationDescriptor.RequiresWideDescriptors(InvalidationDescriptorType.Iotlb));
    }
}
