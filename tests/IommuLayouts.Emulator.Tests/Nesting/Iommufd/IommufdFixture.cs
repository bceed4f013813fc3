using IommuLayouts.Emulator.Nesting;
using IommuLayouts.Emulator.Nesting.Iommufd;
using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Emulator.Nesting.Vtd;
using IommuLayouts.Emulator.PageTables;
using IommuLayouts.Emulator.Smmuv3;
using IommuLayouts.Emulator.Vtd;
using Xunit;

namespace IommuLayouts.Emulator.Tests.Nesting.Iommufd;

/// <summary>A VM as a VMM sets it up through iommufd: a nesting parent, a vIOMMU, one vDEVICE and guest stage-1 tables.</summary>
internal sealed class IommufdFixture
{
    public const ulong Ram = 0x1_0000_0000;
    public const ulong Gva = 0x8000_0000;

    public IommufdFixture(bool smmu, Smmuv3Capabilities? smmuCaps = null, VtdCapabilities? vtdCaps = null)
    {
        Smmu = smmu;
        Host = smmu ? new Smmuv3NestingIommu(smmuCaps) : new VtdNestingIommu(vtdCaps);
        Context = new IommufdContext(Host);
        Parent = Host.CreateStage2Domain(1, 48);
        Parent.Map(0, Ram, 0x40_0000, IommuProt.Read | IommuProt.Write);
        Guest = new GuestStage1Tables(Parent, 0x10_0000, 0x20_0000);
        Guest.Map(Gva, 0x1000, 0x1000, IommuProt.Read | IommuProt.Write);
        Viommu = Context.AllocateViommu(Parent, smmu ? ViommuType.ArmSmmuv3 : ViommuType.IntelVtdModel).Expect();
        Device = Viommu.AllocateVdevice(PhysicalId, VirtualId).Expect();
    }

    public bool Smmu { get; }

    public NestingIommu Host { get; }

    public IommufdContext Context { get; }

    public HostStage2Domain Parent { get; }

    public GuestStage1Tables Guest { get; }

    public Viommu Viommu { get; }

    public VirtualDevice Device { get; }

    public uint PhysicalId => Smmu ? 1u : 0x0008u;

    public uint VirtualId => Smmu ? 0x11u : 0x0088u;

    /// <summary>The vendor data of <see cref="Guest"/>'s tables, as a VMM passes it to IOMMU_HWPT_ALLOC.</summary>
    public NestedDomainData GuestData(GuestStage1Tables? tables = null)
    {
        var config = (tables ?? Guest).BindConfig();
        return Smmu ? NestedDomainData.ArmSmmuv3(config.Smmuv3!.Value.Word0, config.Smmuv3.Value.Word1) : NestedDomainData.VtdS1(config.BasePointer);
    }

    /// <summary>A nested domain over <see cref="Guest"/> with <see cref="Device"/> attached.</summary>
    public NestedDomain Attached()
    {
        var domain = Viommu.AllocateNestedDomain(Device, GuestData()).Expect();
        var r = Viommu.Attach(Device, domain);
        Assert.True(r.Succeeded, r.ToString());
        return domain;
    }
}
