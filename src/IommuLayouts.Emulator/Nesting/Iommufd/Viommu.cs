using System;
using System.Collections.Generic;
using System.Linq;
using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>
/// A vIOMMU (IOMMU_VIOMMU_ALLOC) over a nesting-parent stage-2 domain: the VM's slice of the physical IOMMU. It holds
/// the VM's virtual devices (virtual id ↔ physical device), allocates nested domains from vendor data, attaches and
/// replaces devices between them, and passes the guest's invalidations through (SMMUv3: raw commands, with the VMID
/// forced and virtual StreamIDs replaced). Everything is done through the nesting host (<see cref="NestingIommu"/>):
/// its checks, its safe entry writes, its invalidations. Refusals carry the errno Linux returns.
/// </summary>
/// <remarks>
/// Linux drivers/iommu/iommufd/viommu.c (iommufd_viommu_alloc_ioctl, iommufd_vdevice_alloc_ioctl),
/// drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3-iommufd.c (arm_vsmmu_alloc, arm_vsmmu_alloc_domain_nested,
/// arm_smmu_validate_vste, arm_smmu_attach_dev_nested, arm_vsmmu_cache_invalidate) and drivers/iommu/intel/nested.c
/// (intel_nested_domain_alloc, intel_nested_attach_dev).
/// </remarks>
public sealed class Viommu
{
    // The vSTE fields arm_smmu_validate_vste refuses with EIO at allocation; the host's other checks are made at attach.
    private static readonly string[] s_vsteFields = ["ste[0]", "ste[1]", "Config", "EATS"];

    private readonly Dictionary<uint, VirtualDevice> _devices = [];
    private readonly List<VeventQueue> _queues = [];

    internal Viommu(IommufdContext context, HostStage2Domain parent, ViommuType type)
    {
        Context = context;
        Parent = parent;
        Type = type;
    }

    /// <summary>The iommufd context (the host) the vIOMMU lives in.</summary>
    public IommufdContext Context { get; }

    /// <summary>The nesting parent: the VM's stage-2 domain (its VMID / DID tags the VM's translations).</summary>
    public HostStage2Domain Parent { get; }

    /// <summary>The vIOMMU type.</summary>
    public ViommuType Type { get; }

    /// <summary>The virtual devices, by virtual id.</summary>
    public IReadOnlyCollection<VirtualDevice> Devices => _devices.Values;

    /// <summary>
    /// IOMMU_VDEVICE_ALLOC: gives physical device <paramref name="physicalId"/> the virtual id <paramref name="virtualId"/>
    /// on this vIOMMU. EEXIST when the device already has a vDEVICE (on any vIOMMU: <c>idev-&gt;vdev</c>) or the
    /// virtual id is taken on this one (the <c>vdevs</c> xarray), as iommufd_vdevice_alloc_ioctl.
    /// </summary>
    public IommufdResult<VirtualDevice> AllocateVdevice(uint physicalId, uint virtualId)
    {
        if (Context.FindVdevice(physicalId) is { } existing)
        {
            return new(new IommufdError(IommufdErrno.EEXIST, "dev_id", $"device 0x{physicalId:x} already has a vDEVICE (virtual id 0x{existing.VirtualId:x})"));
        }

        if (_devices.TryGetValue(virtualId, out var taken))
        {
            return new(new IommufdError(IommufdErrno.EEXIST, "virt_id", $"virtual id 0x{virtualId:x} is already device 0x{taken.PhysicalId:x}'s on this vIOMMU"));
        }

        var device = new VirtualDevice(this, physicalId, virtualId);
        _devices.Add(virtualId, device);
        Context.Register(device);
        return new(device);
    }

    /// <summary>
    /// The device a guest means by <paramref name="virtualId"/>, or ENOENT naming the id when this vIOMMU has no such
    /// vDEVICE (iommufd_viommu_find_dev finds none; the SMMUv3 invalidation path turns that into EIO).
    /// </summary>
    public IommufdResult<VirtualDevice> Resolve(uint virtualId) => _devices.TryGetValue(virtualId, out var d)
        ? new(d)
        : new(new IommufdError(IommufdErrno.ENOENT, "virt_id", $"no vDEVICE with virtual id 0x{virtualId:x} on this vIOMMU"));

    /// <summary>
    /// IOMMU_HWPT_ALLOC with this vIOMMU as <c>pt_id</c>: a nested domain from vendor data, for <paramref name="device"/>
    /// (<c>dev_id</c>). A data type that is not this vendor's is refused as Linux does (SMMUv3 iommu_copy_struct_from_user:
    /// EINVAL; VT-d intel_nested_domain_alloc: EOPNOTSUPP). SMMUv3 vendor data is checked now, as
    /// arm_smmu_validate_vste: bits outside STRTAB_STE_0/1_NESTING_ALLOWED, a Config other than abort/bypass/S1, an
    /// EATS other than 0/1 give EIO (V = 0 is accepted as abort). VT-d data is only checked at attach, as Linux.
    /// </summary>
    public IommufdResult<NestedDomain> AllocateNestedDomain(VirtualDevice device, NestedDomainData data)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(data);
        if (device.Viommu != this)
        {
            return new(new IommufdError(IommufdErrno.EINVAL, "dev_id", "the device's vDEVICE is on another vIOMMU"));
        }

        var smmu = Type == ViommuType.ArmSmmuv3;
        var expected = smmu ? HwptDataType.ArmSmmuv3 : HwptDataType.VtdS1;
        if (data.Type != expected)
        {
            return new(new IommufdError(smmu ? IommufdErrno.EINVAL : IommufdErrno.EOPNOTSUPP, "data_type", $"{data.Type} is not this vIOMMU's data type ({expected})"));
        }

        var domain = new NestedDomain(this, data);
        if (smmu)
        {
            var vste = Context.Host.CheckBind(device.Endpoint, Parent, domain.Config).Where(r => s_vsteFields.Contains(r.Field)).ToList();
            if (vste.Count > 0)
            {
                return new(new IommufdError(IommufdErrno.EIO, vste[0].Field, string.Join("; ", vste)));
            }
        }

        return new(domain);
    }

    /// <summary>
    /// Attaches <paramref name="device"/> to <paramref name="domain"/>, or replaces its current domain by it
    /// (IOMMU_HWPT_REPLACE): the nesting host writes the entry in its safe order (hitless where only one word's used
    /// bits change) and invalidates. A domain or device of another vIOMMU is EINVAL (arm_smmu_attach_dev_nested: other
    /// SMMU); a configuration the host refuses is EINVAL naming the first field (VT-d: intel_pasid_setup_nested's
    /// addr_width, SRE, EAFE checks; SMMUv3: the host's checks beyond Linux, e.g. S1CDMax, S1Fmt, an unmapped CD table).
    /// </summary>
    public IommufdResult<NestedBindResult> Attach(VirtualDevice device, NestedDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (domain.Viommu != this)
        {
            return new(new IommufdError(IommufdErrno.EINVAL, "pt_id", "the nested domain belongs to another vIOMMU"));
        }

        return Bind(device, domain, domain.Config);
    }

    /// <summary>
    /// Attaches <paramref name="device"/> to the nesting parent itself: stage 2 only, the guest's stage 1 bypassed
    /// (SMMUv3: the plain stage-2 STE; VT-d: a second-stage-only PASID entry).
    /// </summary>
    public IommufdResult<NestedBindResult> AttachParent(VirtualDevice device) =>
        Bind(device, null, Type == ViommuType.ArmSmmuv3 ? GuestStage1Config.ForSmmuv3(BypassSte.GetWord(0), BypassSte.GetWord(1)) : GuestStage1Config.ForVtd(0, GuestStage1Mode.Bypass));

    /// <summary>Detaches <paramref name="device"/>: its entry becomes abort (blocked), as a detach to the blocking domain.</summary>
    public bool Detach(VirtualDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Viommu != this || !Context.Host.Unbind(device.Endpoint))
        {
            return false;
        }

        SetAttachment(device, null, false);
        return true;
    }

    /// <summary>
    /// IOMMU_HWPT_INVALIDATE on the vIOMMU with IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3 entries (raw guest commands), as
    /// arm_vsmmu_cache_invalidate: TLBI_NH_* get the VM's VMID, TLBI_NSNH_ALL becomes NH_ALL, ATC_INV/CFGI_CD(_ALL) get
    /// the physical StreamID of their virtual one; any other opcode, or a virtual StreamID no attached device has, stops
    /// the array with EIO. <c>entry_num</c> says how many were issued. A VT-d vIOMMU has no such call (EOPNOTSUPP):
    /// its guest invalidates through the nested domain (<see cref="NestedDomain.Invalidate"/>).
    /// </summary>
    public InvalidateResult Invalidate(IReadOnlyList<Smmuv3GuestCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (Type != ViommuType.ArmSmmuv3)
        {
            return new InvalidateResult(0, new IommufdError(IommufdErrno.EOPNOTSUPP, "data_type", "a VT-d vIOMMU takes no IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3; invalidate the nested domain"));
        }

        var r = Context.Host.InvalidateGuest(new Smmuv3Invalidation(Parent, commands));
        return new InvalidateResult(r.Done, r.Succeeded ? null : new IommufdError(IommufdErrno.EIO, $"entries[{r.Done}]", r.Error!));
    }

    /// <summary>
    /// IOMMU_VEVENTQ_ALLOC: an event queue of <paramref name="type"/> holding at most <paramref name="depth"/> events.
    /// As iommufd_veventq_alloc: type DEFAULT is EOPNOTSUPP, depth 0 is EINVAL, a second queue of one type is EEXIST.
    /// (Like Linux it does not check that the driver reports that type; a queue of another vendor's type stays empty.)
    /// </summary>
    public IommufdResult<VeventQueue> AllocateEventQueue(VeventType type, int depth)
    {
        if (type == VeventType.Default)
        {
            return new(new IommufdError(IommufdErrno.EOPNOTSUPP, "type", "IOMMU_VEVENTQ_TYPE_DEFAULT is reserved"));
        }

        if (depth <= 0)
        {
            return new(new IommufdError(IommufdErrno.EINVAL, "veventq_depth", $"depth {depth} holds no event"));
        }

        if (FindEventQueue(type) is not null)
        {
            return new(new IommufdError(IommufdErrno.EEXIST, "type", $"this vIOMMU already has a {type} vEVENTQ"));
        }

        var queue = new VeventQueue(this, type, depth);
        _queues.Add(queue);
        return new(queue);
    }

    /// <summary>The event queue of <paramref name="type"/>, or null.</summary>
    public VeventQueue? FindEventQueue(VeventType type) => _queues.Find(q => q.Type == type);

    /// <inheritdoc/>
    public override string ToString() => $"vIOMMU {Type} on domain {Parent.Id}";

    private static readonly StreamTableEntry BypassSte = new() { V = true, Config = SteConfig.Bypass };

    private IommufdResult<NestedBindResult> Bind(VirtualDevice device, NestedDomain? domain, GuestStage1Config config)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Viommu != this)
        {
            return new(new IommufdError(IommufdErrno.EINVAL, "dev_id", "the device's vDEVICE is on another vIOMMU"));
        }

        var result = Context.Host.Bind(device.Endpoint, Parent, config);
        if (!result.Succeeded)
        {
            return new(new IommufdError(IommufdErrno.EINVAL, result.Rejections[0].Field, string.Join("; ", result.Rejections)));
        }

        SetAttachment(device, domain, domain is null);
        return new(result);
    }

    private static void SetAttachment(VirtualDevice device, NestedDomain? domain, bool parent)
    {
        device.Domain?.Remove(device);
        device.Domain = domain;
        domain?.Add(device);
        device.AttachedToParent = parent;
    }
}
