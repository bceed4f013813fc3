using System;
using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Emulator.Nesting.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Walkers;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Nesting;

public sealed class Stage2DomainTests
{
    /// <summary>Unmapping a stage-2 range invalidates what the IOMMU cached: the next request faults in stage 2, not from a stale IOTLB entry.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Host_unmap_invalidates_cached_translations(bool smmu)
    {
        NestingIommu host = smmu ? new Smmuv3NestingIommu() : new VtdNestingIommu();
        var vm = host.CreateStage2Domain(1, 48);
        vm.Map(0, 0x1_0000_0000, 0x20_0000, IommuProt.Read | IommuProt.Write);
        vm.Map(0x20_0000, 0x1_0020_0000, 0x1000, IommuProt.Read | IommuProt.Write);
        var g = new GuestStage1Tables(vm, 0x10_0000, 0x20_0000);
        g.Map(0x8000_0000, 0x20_0000, 0x1000, IommuProt.Read);
        var ep = smmu ? new NestedEndpoint(1, 1) : new NestedEndpoint(8, 8);
        Assert.True(host.Bind(ep, vm, g.BindConfig()).Succeeded);
        Assert.Equal(0x1_0020_0010UL, host.Translate(ep.HostId, 0x8000_0010, AccessKind.Read).Output);

        vm.Unmap(0x20_0000, 0x1000);
        var after = host.Translate(ep.HostId, 0x8000_0010, AccessKind.Read);
        Assert.False(after.Ok, after.ToString());
        Assert.Equal(NestedFaultClass.Stage2Translation, after.FaultClass);
    }

    [Fact]
    public void Misuse_of_the_domain_API_throws_ArgumentException()
    {
        var host = new VtdNestingIommu();
        Assert.Throws<ArgumentOutOfRangeException>(() => host.CreateStage2Domain(1, 40)); // VT-d widths are 39/48/57
        var vm = host.CreateStage2Domain(1, 48);
        Assert.Throws<ArgumentException>(() => host.CreateStage2Domain(1, 48));         // DID in use
        Assert.Throws<ArgumentException>(() => vm.Map(0x800, 0x1000, 0x1000, IommuProt.Read));
        vm.Map(0, 0x1000_0000, 0x2000, IommuProt.Read);
        Assert.Throws<ArgumentException>(() => vm.Map(0x1000, 0x2000_0000, 0x1000, IommuProt.Read)); // overlap
        Assert.Throws<ArgumentException>(() => vm.Unmap(0, 0x1000));                    // not what was mapped
        var other = new VtdNestingIommu().CreateStage2Domain(1, 48);
        Assert.Throws<ArgumentException>(() => host.Bind(new NestedEndpoint(8, 8), other, GuestStage1Config.ForVtd(0)));
    }

}
