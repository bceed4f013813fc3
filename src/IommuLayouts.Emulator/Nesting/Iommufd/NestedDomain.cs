using System;
using System.Collections.Generic;
using IommuLayouts.Emulator.Nesting.Vtd;

namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>
/// A nested HWPT (IOMMU_HWPT_ALLOC with a vIOMMU as <c>pt_id</c> and vendor data): a guest stage-1 configuration on
/// top of the vIOMMU's nesting parent. Devices are attached to it with <see cref="Viommu.Attach"/>.
/// </summary>
public sealed class NestedDomain
{
    private readonly List<VirtualDevice> _devices = [];

    internal NestedDomain(Viommu viommu, NestedDomainData data)
    {
        Viommu = viommu;
        Data = data;
        Config = data.ToConfig();
    }

    /// <summary>The vIOMMU the domain was allocated from.</summary>
    public Viommu Viommu { get; }

    /// <summary>The vendor data it was allocated with.</summary>
    public NestedDomainData Data { get; }

    /// <summary>The configuration the nesting host binds for each attached device.</summary>
    public GuestStage1Config Config { get; }

    /// <summary>The devices attached to this domain.</summary>
    public IReadOnlyList<VirtualDevice> Devices => _devices;

    internal void Add(VirtualDevice device) => _devices.Add(device);

    internal void Remove(VirtualDevice device) => _devices.Remove(device);

    /// <summary>
    /// IOMMU_HWPT_INVALIDATE on this (VT-d) nested HWPT with IOMMU_HWPT_INVALIDATE_DATA_VTD_S1 entries, as Linux
    /// intel_nested_cache_invalidate_user: each entry is checked and flushed in order; the first bad one stops the
    /// array with EOPNOTSUPP (flags other than LEAF) or EINVAL (address not 4 KiB aligned, "all" with a non-zero
    /// address); <c>entry_num</c> says how many were done. An SMMUv3 nested HWPT has no such call (its guest
    /// invalidates through the vIOMMU: <see cref="Viommu.Invalidate"/>), so it answers EOPNOTSUPP.
    /// </summary>
    public InvalidateResult Invalidate(IReadOnlyList<VtdGuestInvalidation> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (Data.Type != HwptDataType.VtdS1)
        {
            return new InvalidateResult(0, new IommufdError(IommufdErrno.EOPNOTSUPP, "hwpt_id", "an SMMUv3 nested HWPT has no cache_invalidate_user; invalidate through the vIOMMU"));
        }

        if (_devices.Count == 0)
        {
            // Linux would check the entries and flush nothing (no cache tags yet); the nesting host checks them
            // against a binding, so the model asks for an attached device first.
            return new InvalidateResult(0, new IommufdError(IommufdErrno.EINVAL, "hwpt_id", "no device is attached to the nested domain (a limit of this model)"));
        }

        // The host's descriptors are tagged by DID and PASID, which every device of the domain shares (RID_PASID on
        // the parent's DID): one pass through one device's binding flushes them all.
        var r = Viommu.Context.Host.InvalidateGuest(new VtdStage1Invalidation(_devices[0].Endpoint, entries));
        if (r.Succeeded)
        {
            return new InvalidateResult(r.Done, null);
        }

        var bad = entries[r.Done];
        var errno = (bad.Flags & ~VtdGuestInvalidation.Leaf) != 0 ? IommufdErrno.EOPNOTSUPP : IommufdErrno.EINVAL;
        return new InvalidateResult(r.Done, new IommufdError(errno, $"entries[{r.Done}]", r.Error!));
    }

    /// <inheritdoc/>
    public override string ToString() => $"nested HWPT ({Data.Type}) on {Viommu}";
}
