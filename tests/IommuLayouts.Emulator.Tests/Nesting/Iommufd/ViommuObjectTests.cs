using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Emulator.Nesting.Iommufd;
using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Emulator.Nesting.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Vtd;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Nesting.Iommufd;

/// <summary>
/// The iommufd objects over the nesting host: vIOMMU, vDEVICE, nested domains from vendor data, attach/replace, and
/// the errno of each refusal (Linux drivers/iommu/iommufd/viommu.c, arm-smmu-v3-iommufd.c, intel/nested.c).
/// </summary>
public sealed class ViommuObjectTests
{
    // Linux arm-smmu-v3.h: STRTAB_STE_0_V = bit 0, STRTAB_STE_0_CFG = bits 3:1 (ABORT 0, BYPASS 4, S1_TRANS 5,
    // S2_TRANS 6), STRTAB_STE_1_EATS = bits 29:28.
    private const ulong SteV = 1;
    private const ulong CfgS2Trans = 6UL << 1;
    private const ulong CfgS1Trans = 5UL << 1;

    [Theory]
    [InlineData(true, ViommuType.Default)]
    [InlineData(true, ViommuType.IntelVtdModel)]
    [InlineData(false, ViommuType.Default)]
    [InlineData(false, ViommuType.ArmSmmuv3)]
    public void A_viommu_of_the_default_or_the_other_vendors_type_is_EOPNOTSUPP(bool smmu, ViommuType type)
    {
        // iommufd_viommu_alloc_ioctl: type DEFAULT -> -EOPNOTSUPP; arm_vsmmu_alloc: a type other than ARM_SMMUV3 -> -EOPNOTSUPP.
        var f = new IommufdFixture(smmu);
        var other = f.Host.CreateStage2Domain(2, 48);
        var r = f.Context.AllocateViommu(other, type);
        Assert.Equal(IommufdErrno.EOPNOTSUPP, r.Error!.Errno);
        Assert.Equal("type", r.Error.Field);
    }

    [Fact]
    public void A_viommu_over_another_iommus_parent_is_EINVAL()
    {
        // arm_vsmmu_alloc: s2_parent->smmu != master->smmu -> -EINVAL.
        var f = new IommufdFixture(true);
        var foreign = new Smmuv3NestingIommu().CreateStage2Domain(3, 48);
        var r = f.Context.AllocateViommu(foreign, ViommuType.ArmSmmuv3);
        Assert.Equal(IommufdErrno.EINVAL, r.Error!.Errno);
        Assert.Equal("hwpt_id", r.Error.Field);
    }

    [Fact]
    public void An_smmu_without_stage1_offers_no_viommu()
    {
        // arm_vsmmu_alloc: !(smmu->features & ARM_SMMU_FEAT_NESTING) -> -EOPNOTSUPP; FEAT_NESTING needs S1P and S2P
        // (arm_smmu_device_hw_probe).
        var host = new Smmuv3NestingIommu(Smmuv3Capabilities.Default with { Stage1 = false });
        var r = new IommufdContext(host).AllocateViommu(host.CreateStage2Domain(1, 48), ViommuType.ArmSmmuv3);
        Assert.Equal(IommufdErrno.EOPNOTSUPP, r.Error!.Errno);
        Assert.Contains("S1P=0", r.Error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_has_one_vdevice_and_a_virtual_id_one_device()
    {
        // iommufd_vdevice_alloc_ioctl: idev->vdev already set -> -EEXIST; xa_cmpxchg finds the virt_id taken -> -EEXIST.
        var f = new IommufdFixture(true);
        var again = f.Viommu.AllocateVdevice(f.PhysicalId, 0x22);
        Assert.Equal((IommufdErrno.EEXIST, "dev_id"), (again.Error!.Errno, again.Error.Field));
        var sameVirtual = f.Viommu.AllocateVdevice(2, f.VirtualId);
        Assert.Equal((IommufdErrno.EEXIST, "virt_id"), (sameVirtual.Error!.Errno, sameVirtual.Error.Field));
        Assert.True(f.Viommu.AllocateVdevice(2, 0x22).Succeeded);
        Assert.Equal(2u, f.Viommu.Resolve(0x22).Expect().PhysicalId);
    }

    [Fact]
    public void An_unknown_virtual_id_is_a_named_error()
    {
        var f = new IommufdFixture(false);
        var r = f.Viommu.Resolve(0x99);
        Assert.Equal((IommufdErrno.ENOENT, "virt_id"), (r.Error!.Errno, r.Error.Field));
        Assert.Contains("0x99", r.Error.Message, System.StringComparison.Ordinal);
        Assert.Same(f.Device, f.Viommu.Resolve(f.VirtualId).Value);
    }

    [Theory]
    [InlineData(SteV | CfgS1Trans | (1UL << 55), 0UL, "ste[0]")]   // bit 55 is outside STRTAB_STE_0_NESTING_ALLOWED (0xf80fffffffffffff)
    [InlineData(SteV | CfgS1Trans, 1UL << 20, "ste[1]")]           // bit 20 is outside STRTAB_STE_1_NESTING_ALLOWED (0x380000ff)
    [InlineData(SteV | CfgS2Trans, 0UL, "Config")]                 // a guest may choose abort, bypass or S1 only
    [InlineData(SteV | CfgS1Trans, 2UL << 28, "EATS")]             // EATS 2 (split-stage ATS) is neither ABT nor TRANS
    public void Smmuv3_vendor_data_the_driver_refuses_is_EIO_at_allocation(ulong ste0, ulong ste1, string field)
    {
        // arm_smmu_validate_vste: "EIO is reserved for invalid STE data".
        var f = new IommufdFixture(true);
        var r = f.Viommu.AllocateNestedDomain(f.Device, NestedDomainData.ArmSmmuv3(ste0 | f.Guest.BasePointer, ste1));
        Assert.Equal(IommufdErrno.EIO, r.Error!.Errno);
        Assert.Equal(field, r.Error.Field);
    }

    [Fact]
    public void Smmuv3_a_non_valid_vste_is_accepted_and_aborts_the_device()
    {
        // arm_smmu_validate_vste: V = 0 is zeroed and accepted; arm_smmu_make_nested_domain_ste makes it an abort STE.
        var f = new IommufdFixture(true);
        var domain = f.Viommu.AllocateNestedDomain(f.Device, NestedDomainData.ArmSmmuv3(CfgS2Trans | (1UL << 55), 1UL << 20)).Expect();
        Assert.True(f.Viommu.Attach(f.Device, domain).Succeeded);
        Assert.Equal(NestedFaultClass.Abort, f.Context.Dma(f.PhysicalId, IommufdFixture.Gva, AccessKind.Read).FaultClass);
    }

    [Theory]
    [InlineData(true, IommufdErrno.EINVAL)]       // iommu_copy_struct_from_user: data type mismatch -> -EINVAL
    [InlineData(false, IommufdErrno.EOPNOTSUPP)]  // intel_nested_domain_alloc: type != VTD_S1 -> -EOPNOTSUPP
    public void The_other_vendors_data_type_is_refused_as_the_driver_does(bool smmu, IommufdErrno errno)
    {
        var f = new IommufdFixture(smmu);
        var data = smmu ? NestedDomainData.VtdS1(f.Guest.BasePointer) : NestedDomainData.ArmSmmuv3(SteV | CfgS1Trans, 0);
        var r = f.Viommu.AllocateNestedDomain(f.Device, data);
        Assert.Equal((errno, "data_type"), (r.Error!.Errno, r.Error.Field));
    }

    [Fact]
    public void Vtd_5_level_without_FS5LP_is_allocated_but_refused_at_attach_with_EINVAL()
    {
        // intel_nested_domain_alloc copies the data unchecked; intel_pasid_setup_nested refuses ADDR_WIDTH_5LEVEL
        // without cap_fl5lp_support with -EINVAL when the device is attached.
        var f = new IommufdFixture(false, vtdCaps: new VtdCapabilities { FirstStage5Level = false });
        var domain = f.Viommu.AllocateNestedDomain(f.Device, NestedDomainData.VtdS1(f.Guest.BasePointer, addressWidth: 57));
        Assert.True(domain.Succeeded);
        var r = f.Viommu.Attach(f.Device, domain.Value!);
        Assert.Equal((IommufdErrno.EINVAL, "addr_width"), (r.Error!.Errno, r.Error.Field));
        Assert.Null(f.Device.Domain);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Attach_translates_through_both_stages_and_replace_switches_to_the_new_guest_table(bool smmu)
    {
        var f = new IommufdFixture(smmu);
        var first = f.Attached();
        Assert.Equal(IommufdFixture.Ram + 0x1010, f.Context.Dma(f.PhysicalId, IommufdFixture.Gva + 0x10, AccessKind.Read).Output);

        // A second guest table maps the same GVA elsewhere; IOMMU_HWPT_REPLACE moves the device without a detach.
        var other = new GuestStage1Tables(f.Parent, 0x20_0000, 0x30_0000, asid: 2);
        other.Map(IommufdFixture.Gva, 0x5000, 0x1000, IommuProt.Read);
        var second = f.Viommu.AllocateNestedDomain(f.Device, f.GuestData(other)).Expect();
        Assert.True(f.Viommu.Attach(f.Device, second).Succeeded);
        Assert.Equal(IommufdFixture.Ram + 0x5010, f.Context.Dma(f.PhysicalId, IommufdFixture.Gva + 0x10, AccessKind.Read).Output);
        Assert.Empty(first.Devices);
        Assert.Same(f.Device, Assert.Single(second.Devices));

        // Attached to the nesting parent the device's addresses are GPAs: stage 2 only.
        Assert.True(f.Viommu.AttachParent(f.Device).Succeeded);
        Assert.Equal(IommufdFixture.Ram + 0x3010, f.Context.Dma(f.PhysicalId, 0x3010, AccessKind.Read).Output);
        Assert.True(f.Device.AttachedToParent);
        Assert.Empty(second.Devices);

        Assert.True(f.Viommu.Detach(f.Device));
        Assert.False(f.Context.Dma(f.PhysicalId, 0x3010, AccessKind.Read).Ok);
    }

    [Fact]
    public void A_domain_of_another_viommu_is_EINVAL()
    {
        var f = new IommufdFixture(true);
        var vm2 = f.Host.CreateStage2Domain(2, 48);
        vm2.Map(0, IommufdFixture.Ram, 0x40_0000, IommuProt.Read | IommuProt.Write);
        var v2 = f.Context.AllocateViommu(vm2, ViommuType.ArmSmmuv3).Expect();
        var d2 = v2.AllocateVdevice(5, 0x11).Expect();
        var domain2 = v2.AllocateNestedDomain(d2, f.GuestData()).Expect();
        var r = f.Viommu.Attach(f.Device, domain2);
        Assert.Equal((IommufdErrno.EINVAL, "pt_id"), (r.Error!.Errno, r.Error.Field));
        Assert.Equal(IommufdErrno.EBUSY, f.Context.AllocateViommu(vm2, ViommuType.ArmSmmuv3).Error!.Errno);
    }

    [Fact]
    public void Smmuv3_invalidation_array_stops_at_the_first_bad_entry_with_EIO_and_its_index()
    {
        // arm_vsmmu_cache_invalidate / arm_vsmmu_convert_user_cmd: an opcode outside the list, or a vSID without a
        // vDEVICE, is -EIO; array->entry_num = the commands converted before it. Opcodes: arm-smmu-v3.h CMDQ_OP_*
        // (TLBI_NH_ALL 0x10, CFGI_CD 0x05, CFGI_STE 0x03); CMDQ_CFGI_0_SID = bits 63:32.
        var f = new IommufdFixture(true);
        f.Attached();
        Smmuv3GuestCommand nhAll = new(0x10, 0);
        var ok = f.Viommu.Invalidate([nhAll, new(0x05UL | ((ulong)f.VirtualId << 32), 1), nhAll]);
        Assert.True(ok.Succeeded);
        Assert.Equal(3, ok.EntryNum);

        var unknownSid = f.Viommu.Invalidate([nhAll, nhAll, new(0x05UL | (0x99UL << 32), 1), nhAll]);
        Assert.Equal((2, IommufdErrno.EIO, "entries[2]"), (unknownSid.EntryNum, unknownSid.Error!.Errno, unknownSid.Error.Field));
        Assert.Equal(2, unknownSid.FailedIndex);

        var hostOnly = f.Viommu.Invalidate([new(0x03UL | (1UL << 32), 1)]);
        Assert.Equal((0, IommufdErrno.EIO), (hostOnly.EntryNum, hostOnly.Error!.Errno));
    }

    [Fact]
    public void Vtd_invalidation_array_stops_at_the_first_bad_entry_with_the_drivers_errno()
    {
        // intel_nested_cache_invalidate_user: flags beyond IOMMU_VTD_INV_FLAGS_LEAF -> -EOPNOTSUPP; addr not 4 KiB
        // aligned, or npages U64_MAX with addr != 0 -> -EINVAL; array->entry_num = processed.
        var f = new IommufdFixture(false);
        var domain = f.Attached();
        var ok = domain.Invalidate([new(IommufdFixture.Gva, 1, VtdGuestInvalidation.Leaf), VtdGuestInvalidation.All]);
        Assert.Equal((2, true), (ok.EntryNum, ok.Succeeded));

        var flags = domain.Invalidate([new(0, 1), new(0, 1, 2), new(0, 1)]);
        Assert.Equal((1, IommufdErrno.EOPNOTSUPP, 1), (flags.EntryNum, flags.Error!.Errno, flags.FailedIndex));
        var misaligned = domain.Invalidate([new(0, 1), new(0, 1), new(0x1800, 1)]);
        Assert.Equal((2, IommufdErrno.EINVAL, "entries[2]"), (misaligned.EntryNum, misaligned.Error!.Errno, misaligned.Error.Field));
        var all = domain.Invalidate([new(0x1000, ulong.MaxValue)]);
        Assert.Equal((0, IommufdErrno.EINVAL), (all.EntryNum, all.Error!.Errno));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Each_vendor_invalidates_through_its_own_object_only(bool smmu)
    {
        // SMMUv3 nested domains have no cache_invalidate_user (arm_smmu_nested_ops), VT-d has no vIOMMU invalidation.
        var f = new IommufdFixture(smmu);
        var domain = f.Attached();
        var wrong = smmu ? domain.Invalidate([VtdGuestInvalidation.All]) : f.Viommu.Invalidate([new(0x10, 0)]);
        Assert.Equal((0, IommufdErrno.EOPNOTSUPP), (wrong.EntryNum, wrong.Error!.Errno));
    }

    [Fact]
    public void Invalidation_makes_a_changed_guest_mapping_visible()
    {
        var f = new IommufdFixture(true);
        f.Attached();
        Assert.Equal(IommufdFixture.Ram + 0x1010, f.Context.Dma(f.PhysicalId, IommufdFixture.Gva + 0x10, AccessKind.Read).Output);
        f.Guest.Unmap(IommufdFixture.Gva);
        f.Guest.Map(IommufdFixture.Gva, 0x3000, 0x1000, IommuProt.Read);
        Assert.Equal(IommufdFixture.Ram + 0x1010, f.Context.Dma(f.PhysicalId, IommufdFixture.Gva + 0x10, AccessKind.Read).Output); // stale TLB
        Assert.True(f.Viommu.Invalidate([new(0x10, 0)]).Succeeded);
        Assert.Equal(IommufdFixture.Ram + 0x3010, f.Context.Dma(f.PhysicalId, IommufdFixture.Gva + 0x10, AccessKind.Read).Output);
    }
}
