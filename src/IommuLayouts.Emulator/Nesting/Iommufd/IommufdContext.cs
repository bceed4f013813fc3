using System;
using System.Collections.Generic;
using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Emulator.Nesting.Vtd;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>
/// The iommufd side of one nesting host, as a VMM sees it through <c>/dev/iommu</c>: it allocates vIOMMUs over the
/// host's stage-2 domains and keeps which physical device has which vDEVICE (a device has at most one). The nesting
/// host (<see cref="NestingIommu"/>) stays the kernel driver underneath; the models are the hardware.
/// </summary>
public sealed class IommufdContext
{
    private readonly List<Viommu> _viommus = [];
    private readonly Dictionary<uint, VirtualDevice> _byPhysical = [];

    /// <summary>A context over <paramref name="host"/>.</summary>
    public IommufdContext(NestingIommu host)
    {
        ArgumentNullException.ThrowIfNull(host);
        Host = host;
    }

    /// <summary>The nesting host (the kernel driver).</summary>
    public NestingIommu Host { get; }

    /// <summary>The vIOMMUs allocated.</summary>
    public IReadOnlyList<Viommu> Viommus => _viommus;

    /// <summary>
    /// IOMMU_VIOMMU_ALLOC over <paramref name="parent"/>. Refused as Linux: type DEFAULT or not this IOMMU's
    /// (EOPNOTSUPP, iommufd_viommu_alloc_ioctl / arm_vsmmu_alloc); a parent of another IOMMU (EINVAL); an IOMMU without
    /// nesting (EOPNOTSUPP: SMMUv3 ARM_SMMU_FEAT_NESTING needs IDR0.S1P and S2P; VT-d needs ECAP.NEST). One vIOMMU per
    /// parent here (EBUSY): the model's VMID/DID is the parent's (a limit Linux's arm_vsmmu_alloc also notes in a comment).
    /// </summary>
    public IommufdResult<Viommu> AllocateViommu(HostStage2Domain parent, ViommuType type)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var native = Host.Vendor == NestingVendor.Smmuv3 ? ViommuType.ArmSmmuv3 : ViommuType.IntelVtdModel;
        if (type != native)
        {
            return new(new IommufdError(IommufdErrno.EOPNOTSUPP, "type", $"vIOMMU type {(uint)type} ({type}) is not supported by this IOMMU (it offers {native})"));
        }

        if (parent.Owner != Host)
        {
            return new(new IommufdError(IommufdErrno.EINVAL, "hwpt_id", "the nesting parent belongs to another IOMMU instance"));
        }

        if (NestingFeatureMissing() is { } missing)
        {
            return new(new IommufdError(IommufdErrno.EOPNOTSUPP, "type", missing));
        }

        foreach (var v in _viommus)
        {
            if (v.Parent == parent)
            {
                return new(new IommufdError(IommufdErrno.EBUSY, "hwpt_id", $"domain {parent.Id} already has a vIOMMU (one per nesting parent in this model)"));
            }
        }

        var viommu = new Viommu(this, parent, type);
        _viommus.Add(viommu);
        return new(viommu);
    }

    /// <summary>The vDEVICE of physical device <paramref name="physicalId"/>, or null.</summary>
    public VirtualDevice? FindVdevice(uint physicalId) => _byPhysical.GetValueOrDefault(physicalId);

    /// <summary>
    /// Runs one DMA request of a physical device through the host (the models translate it), then delivers the
    /// guest events it caused (<see cref="DeliverEvents"/>).
    /// </summary>
    public NestedTranslation Dma(uint physicalId, ulong address, AccessKind access, bool privileged = false, uint? pasid = null)
    {
        var result = Host.Translate(physicalId, address, access, privileged, pasid);
        DeliverEvents();
        return result;
    }

    /// <summary>
    /// Takes the events the host forwards to guests (already with the guest's ids: SMMUv3 arm_vmaster_report_event,
    /// VT-d fault records with the vRID) and reports each to the vEVENTQ of its device's vIOMMU. An event whose
    /// vIOMMU has no queue of the vendor's type is dropped, as iommufd_viommu_report_event (EOPNOTSUPP).
    /// Returns how many were queued (not lost, not dropped).
    /// </summary>
    public int DeliverEvents()
    {
        var queued = 0;
        var type = Host.Vendor == NestingVendor.Smmuv3 ? VeventType.ArmSmmuv3 : VeventType.IntelVtdModel;
        foreach (var e in Host.DrainGuestEvents())
        {
            if (e.HostId is { } physical && FindVdevice(physical) is { } device && device.Viommu.FindEventQueue(type) is { } queue && queue.Report(e.Words, device.VirtualId))
            {
                queued++;
            }
        }

        return queued;
    }

    internal void Register(VirtualDevice device) => _byPhysical.Add(device.PhysicalId, device);

    private string? NestingFeatureMissing()
    {
        if (Host is Smmuv3NestingIommu smmu)
        {
            var caps = smmu.Device.Capabilities;
            return caps.Stage1 && caps.Stage2 ? null : $"ARM_SMMU_FEAT_NESTING needs both stages (IDR0.S1P={(caps.Stage1 ? 1 : 0)}, S2P={(caps.Stage2 ? 1 : 0)})";
        }

        var vtd = ((VtdNestingIommu)Host).Device.Capabilities;
        return vtd.Nested && vtd.ScalableMode && vtd.FirstStageTranslation && vtd.SecondStageTranslation
            ? null
            : $"nesting needs ECAP.NEST, SMTS, FLTS and SLTS (NEST={(vtd.Nested ? 1 : 0)}, SMTS={(vtd.ScalableMode ? 1 : 0)}, FLTS={(vtd.FirstStageTranslation ? 1 : 0)}, SLTS={(vtd.SecondStageTranslation ? 1 : 0)})";
    }
}
