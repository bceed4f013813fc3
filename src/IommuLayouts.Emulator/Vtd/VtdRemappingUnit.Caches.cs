using IommuLayouts.Emulator.Caches;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// The caches and what invalidates them: the context cache (by source id), the PASID cache (by source id and
/// PASID, invalidated by DID/PASID) and the IOTLB (<see cref="Tlb{TValue}"/>: VMID = DID, ASID = PASID; second-stage
/// and legacy entries are IPA entries tagged by DID only). Register-based invalidation (CCMD, IOTLB_REG) lives here
/// too. Every invalidation runs inside <see cref="_epoch"/>, so no walk that started before it can refill what it
/// removed.
/// </summary>
public sealed partial class VtdRemappingUnit
{
    private readonly Tlb<VtdIotlbValue> _iotlb;
    private readonly TaggedCache<ConfigCacheKey, VtdContextCacheEntry> _contextCache;
    private readonly TaggedCache<ConfigCacheKey, VtdPasidCacheEntry> _pasidCache;
    private readonly InvalidationEpoch _epoch = new();

    private void InvalidateEverything()
    {
        using (_epoch.Invalidate())
        {
            _contextCache.InvalidateAll();
            _pasidCache.InvalidateAll();
            _iotlb.InvalidateAll();
        }
    }

    /// <summary>Context-cache invalidation (CCMD CIRG / descriptor G): global, domain (DID) or device (SID with FM).</summary>
    private void InvalidateContextCache(ContextCacheGranularity granularity, ushort domainId, ushort sourceId, int functionMask)
    {
        using var invalidation = _epoch.Invalidate();
        switch (granularity)
        {
            case ContextCacheGranularity.Global:
                _contextCache.InvalidateAll();
                break;
            case ContextCacheGranularity.Domain:
                // Scalable-mode context entries carry no DID: a domain-selective invalidation covers them all (QEMU
                // treats domain-selective as global in every mode).
                _contextCache.InvalidateWhere(static (_, e, did) => e.Scalable || e.DomainId == did, domainId);
                break;
            case ContextCacheGranularity.Device:
                // FM masks the low 0..3 bits of the function number (FM 1: bit 2; 2: bits 2:1; 3: bits 2:0).
                _contextCache.InvalidateRequestersMasked(sourceId, functionMask switch { 1 => 0b100u, 2 => 0b110u, 3 => 0b111u, _ => 0u });
                break;
        }
    }

    /// <summary>
    /// IOTLB invalidation (IOTLB_REG IIRG / descriptor G). Page-selective covers 2^AM pages of second-stage (and
    /// legacy) entries of the domain, and all of the domain's first-stage and nested entries (QEMU
    /// vtd_hash_remove_by_page: "entries caching first-stage (PGTT=001b) ... are invalidated").
    /// </summary>
    private void InvalidateIotlb(IotlbGranularity granularity, ushort domainId, ulong address, int addressMask)
    {
        using var invalidation = _epoch.Invalidate();
        switch (granularity)
        {
            case IotlbGranularity.Global:
                _iotlb.InvalidateAll();
                break;
            case IotlbGranularity.Domain:
                _iotlb.InvalidateVmid(domainId);
                break;
            case IotlbGranularity.Page:
                var size = 4096UL << addressMask;
                _iotlb.InvalidateIpa(domainId, address & ~(size - 1), size);
                _iotlb.InvalidateAllVa(domainId);
                break;
        }
    }

    /// <summary>PASID-based IOTLB invalidation: first-stage and nested entries of (DID, PASID), all or a 2^AM-page range.</summary>
    private void InvalidatePasidIotlb(PasidIotlbGranularity granularity, ushort domainId, uint pasid, ulong address, int addressMask)
    {
        using var invalidation = _epoch.Invalidate();
        if (granularity == PasidIotlbGranularity.Pasid)
        {
            _iotlb.InvalidateAsid(domainId, (int)pasid);
        }
        else
        {
            var size = 4096UL << addressMask;
            _iotlb.InvalidateVa(domainId, (int)pasid, address & ~(size - 1), size);
        }
    }

    /// <summary>PASID-cache invalidation: domain (every PASID of DID), PASID within domain, or global.</summary>
    private void InvalidatePasidCache(PasidCacheGranularity granularity, ushort domainId, uint pasid)
    {
        using var invalidation = _epoch.Invalidate();
        switch (granularity)
        {
            case PasidCacheGranularity.Global:
                _pasidCache.InvalidateAll();
                break;
            case PasidCacheGranularity.Domain:
                _pasidCache.InvalidateWhere(static (_, e, did) => e.DomainId == did, domainId);
                break;
            case PasidCacheGranularity.PasidWithinDomain:
                _pasidCache.InvalidateWhere(static (_, e, s) => e.DomainId == s.Did && e.Pasid == s.Pasid, (Did: domainId, Pasid: pasid));
                break;
        }
    }

    /// <summary>
    /// CCMD: with ICC set (and queued invalidation off: "register-based invalidation is ignored while QI is on",
    /// QEMU vtd_handle_ccmd_write), performs the invalidation, reports the granularity done in CAIG and clears ICC.
    /// </summary>
    private void WriteContextCommand(ulong value, bool highHalfWritten)
    {
        if (QueuedInvalidationEnabled)
        {
            return;
        }

        var command = new ContextCommandRegister(value);
        if (!highHalfWritten || !command.InvalidateContextCache)
        {
            _ccmd = value;
            return;
        }

        var granularity = (ContextCacheGranularity)command.Cirg;
        var done = granularity is ContextCacheGranularity.Global or ContextCacheGranularity.Domain or ContextCacheGranularity.Device;
        if (done)
        {
            InvalidateContextCache(granularity, command.DomainId, command.SourceId, command.FunctionMask);
        }

        command.InvalidateContextCache = false;
        command.Caig = done ? command.Cirg : (byte)0;
        _ccmd = command.Word;
    }

    /// <summary>IOTLB_REG: with IVT set (and QI off), performs the invalidation with IVA_REG's address and AM, reports IAIG, clears IVT.</summary>
    private void WriteIotlbRegister(ulong value, bool highHalfWritten)
    {
        if (QueuedInvalidationEnabled)
        {
            return;
        }

        var command = new IotlbInvalidateRegister(value);
        if (!highHalfWritten || !command.InvalidateIotlb)
        {
            _iotlbReg = value;
            return;
        }

        var granularity = (IotlbGranularity)command.Iirg;
        var iva = new InvalidateAddressRegister(_iva);
        var done = granularity is IotlbGranularity.Global or IotlbGranularity.Domain
            || (granularity == IotlbGranularity.Page && Capabilities.PageSelectiveInvalidation && iva.AddressMask <= Capabilities.MaximumAddressMaskValue);
        if (done)
        {
            InvalidateIotlb(granularity, command.DomainId, iva.Address, iva.AddressMask);
        }

        command.InvalidateIotlb = false;
        command.Iaig = done ? command.Iirg : (byte)0;
        _iotlbReg = command.Word;
    }
}
