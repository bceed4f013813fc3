using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

/// <summary>
/// FEADDR/IEADDR, the invalidation-queue head a unit writes back and the FRCD fault information, with the values the
/// sources give: QEMU hw/i386/intel_iommu.c vtd_init (<c>vtd_define_long(s, DMAR_FEADDR_REG, 0, 0xfffffffcUL, 0)</c>),
/// QEMU intel_iommu_internal.h <c>VTD_IQH_QH_SHIFT</c> 4 (QH in bits 18:4 of the byte offset) and Linux
/// drivers/iommu/intel/iommu.h / dmar.c (<c>qi-&gt;free_head &lt;&lt; shift</c> written to IQT with shift 4 for 128-bit
/// and 5 for 256-bit descriptors), and the VT-d spec FRCD FI field (bits 63:12).
/// </summary>
public sealed class EventAddressAndQueueHeadTests
{
    [Fact]
    public void Event_address_keeps_bits_31_to_2()
    {
        // The x86 MSI address Linux programs: 0xFEE0_0000 | destination id << 12 (arch/x86 msi_msg).
        const ulong msi = 0xFEE0_1000UL;
        var feaddr = EventAddressRegister.FromWords([msi]);
        Assert.Equal(msi, feaddr.MessageAddress);
        Assert.True(feaddr.Validate().IsValid);
        Assert.False(EventAddressRegister.FromWords([msi | 0x3]).Validate().IsValid);
    }

    [Theory]
    // Descriptor 3 of a 128-bit queue is byte offset 0x30 (QH = 3); of a 256-bit queue 0x60 (QH = 6).
    [InlineData(3, false, 0x30UL)]
    [InlineData(3, true, 0x60UL)]
    [InlineData(255, false, 0xFF0UL)]
    public void Queue_head_at_a_descriptor(int index, bool wide, ulong word)
    {
        var iqh = InvalidationQueueHeadRegister.AtDescriptor(index, wide);
        Assert.Equal(word, iqh.GetWord(0));
        Assert.Equal(index, iqh.DescriptorIndex(wide));
    }

    [Fact]
    public void Fault_information_is_the_page_of_the_request()
    {
        Assert.Equal(0x0000_0001_2345_6000UL, FaultRecord.PageOf(0x0000_0001_2345_6789UL));
        var record = new FaultRecord { FaultInfo = FaultRecord.PageOf(0xFFFF_FFFF_FFFF_FFFFUL) };
        Assert.Equal(0xFFFF_FFFF_FFFF_F000UL, record.GetWord(0));
    }

    [Theory]
    // QEMU intel_iommu_internal.h: VTD_INTERRUPT_ADDR_FIRST 0xfee00000ULL, VTD_INTERRUPT_ADDR_LAST 0xfeefffffULL.
    [InlineData(0xFEDF_FFFFUL, false)]
    [InlineData(0xFEE0_0000UL, true)]
    [InlineData(0xFEE0_1004UL, true)]
    [InlineData(0xFEEF_FFFFUL, true)]
    [InlineData(0xFEF0_0000UL, false)]
    [InlineData(0x1_FEE0_0000UL, false)]
    public void Interrupt_address_range(ulong address, bool inside) => Assert.Equal(inside, InterruptAddressRange.Contains(address));
}
