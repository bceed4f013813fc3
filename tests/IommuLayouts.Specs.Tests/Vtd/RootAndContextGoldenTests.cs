using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

/// <summary>
/// Root, context and PASID-directory entries as QEMU's libqos and Linux build them. QEMU values come from
/// tests/qtest/libqos/qos-intel-iommu.c and qos-intel-iommu.h (patchew-project/qemu, qos-intel-iommu.c at 06bbbc91, qos-intel-iommu.h at a1595585; used by qemu/qemu tests/qtest/iommu-intel-test.c at 08dc347e): QVTD_MEM_BASE =
/// 0x1000_0000, context table at +0x1000, PML4 at +0x10000, PASID directory at +0x30000, PASID table at +0x31000,
/// QVTD_DOMAIN_ID = 0, QVTD_AW_48BIT_ENCODING = 2.
/// </summary>
public sealed class RootAndContextGoldenTests
{
    [Fact]
    public void Qemu_libqos_legacy_root_entry()
    {
        // qvtd_build_root_entry: lo = (QVTD_CONTEXT_TABLE_BASE & VTD_ROOT_ENTRY_CTP) | VTD_ROOT_ENTRY_P; hi = 0.
        var words = new ulong[] { 0x1000_1001, 0 };
        var e = RootEntry.FromWords(words);
        Assert.True(e.Present);
        Assert.Equal(0x1000_1000UL, e.ContextTablePointer);
        ViolationAssert.Valid(e.Validate());

        var built = default(RootEntry);
        built.ContextTablePointer = 0x1000_1000;
        built.Present = true;
        Assert.Equal(words[0], built.GetWord(0));
        Assert.Equal(words[1], built.GetWord(1));
    }

    [Fact]
    public void Qemu_libqos_scalable_root_entry_has_only_the_lower_half_present()
    {
        // Same words in scalable mode: lower half covers devfn 0..127, UP = 0.
        var e = ScalableRootEntry.FromWords(new ulong[] { 0x1000_1001, 0 });
        Assert.True(e.LowerPresent);
        Assert.Equal(0x1000_1000UL, e.LowerContextTablePointer);
        Assert.False(e.UpperPresent);
        Assert.Equal(0UL, e.UpperContextTablePointer);
        ViolationAssert.Valid(e.Validate());

        var built = default(ScalableRootEntry);
        built.UpperContextTablePointer = 0x2000_3000;
        built.UpperPresent = true;
        // UP = bit 64 (word 1 bit 0), UCTP = bits 76..127 (word 1 bits 12..63).
        Assert.Equal(0x2000_3001UL, built.GetWord(1));
        Assert.Equal(0UL, built.GetWord(0));
    }

    [Fact]
    public void Qemu_libqos_pass_through_context_entry()
    {
        // qvtd_build_context_entry(QVTD_TM_LEGACY_PT): lo = VTD_CONTEXT_ENTRY_P | VTD_CONTEXT_TT_PASS_THROUGH (2 << 2);
        // hi = QVTD_DOMAIN_ID << 8 | QVTD_AW_48BIT_ENCODING.
        var words = new ulong[] { 0x9, 0x2 };
        var e = ContextEntry.FromWords(words);
        Assert.True(e.Present);
        Assert.False(e.FaultProcessingDisable);
        Assert.Equal(ContextTranslationType.PassThrough, e.TranslationType);
        Assert.Equal(2, e.AddressWidth);
        Assert.Equal(4, e.SecondStageLevels);
        Assert.Equal(0, e.DomainId);
        Assert.Equal(0UL, e.SecondStagePageTablePointer);
        ViolationAssert.Valid(e.Validate());

        var built = default(ContextEntry);
        built.Present = true;
        built.TranslationType = ContextTranslationType.PassThrough;
        built.AddressWidth = 2;
        Assert.Equal(words[0], built.GetWord(0));
        Assert.Equal(words[1], built.GetWord(1));
    }

    [Fact]
    public void Qemu_libqos_translated_context_entry()
    {
        // qvtd_build_context_entry(QVTD_TM_LEGACY_TRANS, ssptptr = QVTD_PT_L4_BASE = 0x1001_0000):
        // lo = P | TT_MULTI_LEVEL | ssptptr; hi = 0 << 8 | 2.
        var words = new ulong[] { 0x1001_0001, 0x2 };
        var e = ContextEntry.FromWords(words);
        Assert.True(e.Present);
        Assert.Equal(ContextTranslationType.MultiLevel, e.TranslationType);
        Assert.Equal(0x1001_0000UL, e.SecondStagePageTablePointer);
        Assert.Equal(2, e.AddressWidth);
        ViolationAssert.Valid(e.Validate());

        var built = default(ContextEntry);
        built.Present = true;
        built.SecondStagePageTablePointer = 0x1001_0000;
        built.AddressWidth = 2;
        Assert.Equal(words[0], built.GetWord(0));
        Assert.Equal(words[1], built.GetWord(1));
    }

    [Fact]
    public void Linux_device_tlb_context_entry_built_with_the_context_set_helpers()
    {
        // drivers/iommu/intel/iommu.h: context_set_domain_id(0x55) -> hi |= 0x55 << 8; context_set_address_width(2)
        // -> hi |= 2; context_set_address_root(0x3_0000_0000) -> lo |= addr; context_set_translation_type(DEV_IOTLB = 1)
        // -> lo |= 1 << 2; context_set_fault_enable -> clear bit 1; context_set_present -> lo |= 1.
        var words = new ulong[] { 0x3_0000_0000UL | (1UL << 2) | 1UL, (0x55UL << 8) | 2UL };
        Assert.Equal(0x0000_0003_0000_0005UL, words[0]);
        Assert.Equal(0x5502UL, words[1]);

        var e = ContextEntry.FromWords(words);
        Assert.Equal(ContextTranslationType.DeviceTlb, e.TranslationType);
        Assert.Equal(0x55, e.DomainId);
        Assert.Equal(0x3_0000_0000UL, e.SecondStagePageTablePointer);
        ViolationAssert.Valid(e.Validate());

        var built = default(ContextEntry);
        built.DomainId = 0x55;
        built.AddressWidth = 2;
        built.SecondStagePageTablePointer = 0x3_0000_0000;
        built.TranslationType = ContextTranslationType.DeviceTlb;
        built.Present = true;
        Assert.Equal(words[0], built.GetWord(0));
        Assert.Equal(words[1], built.GetWord(1));
    }

    [Fact]
    public void Linux_scalable_context_entry_from_context_entry_set_pasid_table()
    {
        // drivers/iommu/intel/pasid.c context_entry_set_pasid_table for a device with ATS, PASID and PRI and a
        // 20-bit PASID table: pds = 7 (context_get_sm_pds: max_pde = 2^14), lo = dir | context_pdts(7) = (7 << 9);
        // RID_PASID = IOMMU_NO_PASID (0); DTE (bit 2), PASIDE (bit 3), PRE (bit 4); FPD cleared; P.
        var words = new ulong[] { 0x7777_7000UL | (7UL << 9) | (1UL << 2) | (1UL << 3) | (1UL << 4) | 1UL, 0, 0, 0 };
        Assert.Equal(0x7777_7E1DUL, words[0]);

        var e = ScalableContextEntry.FromWords(words);
        Assert.True(e.Present);
        Assert.True(e.DeviceTlbEnable);
        Assert.True(e.PasidEnable);
        Assert.True(e.PageRequestEnable);
        Assert.Equal(7, e.PasidDirectorySize);
        Assert.Equal(1 << 14, e.PasidDirectoryEntries);
        Assert.Equal(0x7777_7000UL, e.PasidDirectoryPointer);
        Assert.Equal(0u, e.RidPasid);
        ViolationAssert.Valid(e.Validate());

        var built = default(ScalableContextEntry);
        built.PasidDirectoryPointer = 0x7777_7000;
        built.PasidDirectorySize = 7;
        built.DeviceTlbEnable = true;
        built.PasidEnable = true;
        built.PageRequestEnable = true;
        built.Present = true;
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(words[i], built.GetWord(i));
        }
    }

    [Fact]
    public void Qemu_libqos_scalable_context_and_pasid_directory_entries()
    {
        // qvtd_build_scalable_context_entry: val[0] = QVTD_PASID_DIR_BASE | P, val[1..3] = 0.
        var ce = ScalableContextEntry.FromWords(new ulong[] { 0x1003_0001, 0, 0, 0 });
        Assert.True(ce.Present);
        Assert.Equal(0x1003_0000UL, ce.PasidDirectoryPointer);
        Assert.Equal(0, ce.PasidDirectorySize);
        Assert.False(ce.PasidEnable);
        ViolationAssert.Valid(ce.Validate());

        // qvtd_build_pasid_dir_entry: QVTD_PASID_TABLE_BASE | VTD_PASID_ENTRY_P.
        var de = PasidDirectoryEntry.FromWords(new ulong[] { 0x1003_1001 });
        Assert.True(de.Present);
        Assert.False(de.FaultProcessingDisable);
        Assert.Equal(0x1003_1000UL, de.PasidTablePointer);
        ViolationAssert.Valid(de.Validate());

        var built = default(PasidDirectoryEntry);
        built.PasidTablePointer = 0x1003_1000;
        built.Present = true;
        Assert.Equal(0x1003_1001UL, built.GetWord(0));
    }

    [Theory]
    [InlineData(0u, 0, 0)]
    [InlineData(0x3Fu, 0, 0x3F)]
    [InlineData(0x40u, 1, 0)]
    [InlineData(0xF_FFFFu, 0x3FFF, 0x3F)]
    [InlineData(0x1_2345u, 0x48D, 0x05)]
    public void Pasid_splits_into_directory_and_table_indices(uint pasid, int dirIndex, int tableIndex)
    {
        // QEMU VTD_PASID_DIR_INDEX(p) = (p >> 6) & 0x3fff, VTD_PASID_TABLE_INDEX(p) = p & 0x3f
        // (Linux PASID_PDE_SHIFT = 6, PASID_PTE_MASK = 0x3F).
        Assert.Equal(dirIndex, PasidDirectoryEntry.IndexOf(pasid));
        Assert.Equal(tableIndex, PasidEntry.IndexOf(pasid));
    }

    [Theory]
    [InlineData((byte)0x00, false, 0x00)]
    [InlineData((byte)0x7F, false, 0x7F)]
    [InlineData((byte)0x80, true, 0x00)]
    [InlineData((byte)0xFA, true, 0x7A)]
    public void Scalable_root_entry_serves_devfn_from_its_lower_or_upper_half(byte devfn, bool upper, int index)
    {
        // Linux iommu_context_addr: devfn >= 0x80 uses root->hi and devfn - 0x80; QEMU index & ~0x80.
        var e = ScalableRootEntry.FromWords(new ulong[] { 0x1000_1001, 0x2000_2000 });
        Assert.Equal(upper, ScalableRootEntry.UsesUpperHalf(devfn));
        Assert.Equal(index, ScalableRootEntry.ContextIndex(devfn));
        Assert.Equal(!upper, e.IsPresentFor(devfn));
        Assert.Equal(upper ? 0x2000_2000UL : 0x1000_1000UL, e.ContextTablePointerFor(devfn));
    }
}
