using System.Threading;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// The caches and what invalidates them: the context cache (by source id), the PASID cache (by source id and
/// PASID, invalidated by DID/PASID) and the IOTLB (<see cref="Tlb{TValue}"/>: VMID = DID, ASID = PASID; second-stage
/// and legacy entries are IPA entries tagged by DID only). Register-based invalidation (CCMD, IOTLB_REG) lives here
/// too. Every invalidation runs under the device lock and bumps the generation so no walk that started before it
/// can refill what it removed.
/// </summary>
public sealed partial class VtdRemappingUnit
{
    private readonly Tlb<VtdIotlbValue> _iotlb;
    private readonly VtdConfigCache<VtdContextCacheEntry> _contextCache;
    private readonly VtdConfigCache<VtdPasidCacheEntry> _pasidCache;

    private void Invalidated() => Interlocked.Increment(ref _generation);

    private void InvalidateEverything()
    {
        _contextCache.Clear();
        _pasidCache.Clear();
        _iotlb.InvalidateAll();
        Invalidated();
    }

    /// <summary>Context-cache invalidation (CCMD CIRG / descriptor G): global, domain (DID) or device (SID with FM).</summary>
    private void InvalidateContextCache(ContextCacheGranularity granularity, ushort domainId, ushort sourceId, int functionMask)
    {
        switch (granularity)
        {
            case ContextCacheGranularity.Global:
                _contextCache.Clear();
                break;
            case ContextCacheGranularity.Domain:
                // Scalable-mode context entries carry no DID: a domain-selective invalidation covers them all (QEMU
                // treats domain-selective as global in every mode).
                _contextCache.RemoveWhere(static (_, e, did) => e.Scalable || e.DomainId == did, domainId);
                break;
            case ContextCacheGranularity.Device:
                // FM masks the low 0..3 bits of the function number (FM 1: bit 2; 2: bits 2:1; 3: bits 2:0).
                var mask = (ushort)~(functionMask switch { 1 => 0b100, 2 => 0b110, 3 => 0b111, _ => 0 });
                _contextCache.RemoveWhere(static (key, _, s) => ((ushort)key & s.Mask) == (s.Sid & s.Mask), (Sid: sourceId, Mask: mask));
                break;
        }

        Invalidated();
    }

    /// <summary>
    /// IOTLB invalidation (IOTLB_REG IIRG / descriptor G). Page-selective covers 2^AM pages of second-stage (and
    /// legacy) entries of the domain, and all of the domain's first-stage and nested entries (QEMU
    /// vtd_hash_remove_by_page: "entries caching first-stage (PGTT=001b) ... are invalidated").
    /// </summary>
    private void InvalidateIotlb(IotlbGranularity granularity, ushort domainId, ulong address, int addressMask)
    {
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

        Invalidated();
    }

    /// <summary>PASID-based IOTLB invalidation: first-stage and nested entries of (DID, PASID), all or a 2^AM-page range.</summary>
    private void InvalidatePasidIotlb(PasidIotlbGranularity granularity, ushort domainId, uint pasid, ulong address, int addressMask)
    {
        if (granularity == PasidIotlbGranularity.Pasid)
        {
            _iotlb.InvalidateAsid(domainId, (int)pasid);
        }
        else
        {
            var size = 4096UL << addressMask;
            _iotlb.InvalidateVa(domainId, (int)pasid, address & ~(size - 1), size);
        }

        Invalidated();
    }

    /// <summary>PASID-cache invalidation: domain (every PASID of DID), PASID within domain, or global.</summary>
    private void InvalidatePasidCache(PasidCacheGranularity granularity, ushort domainId, uint pasid)
    {
        switch (granularity)
        {
            case PasidCacheGranularity.Global:
                _pasidCache.Clear();
                break;
            case PasidCacheGranularity.Domain:
                _pasidCache.RemoveWhere(static (_, e, did) => e.DomainId == did, domainId);
                break;
            case PasidCacheGranularity.PasidWithinDomain:
                _pasidCache.RemoveWhere(static (_, e, s) => e.DomainId == s.Did && e.Pasid == s.Pasid, (Did: domainId, Pasid: pasid));
                break;
        }

        Invalidated();
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

        var command = ContextCommandRegister.FromWords([value]);
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
        _ccmd = command.GetWord(0);
    }

    /// <summary>IOTLB_REG: with IVT set (and QI off), performs the invalidation with IVA_REG's address and AM, reports IAIG, clears IVT.</summary>
    private void WriteIotlbRegister(ulong value, bool highHalfWritten)
    {
        if (QueuedInvalidationEnabled)
        {
            return;
        }

        var command = IotlbInvalidateRegister.FromWords([value]);
        if (!highHalfWritten || !command.InvalidateIotlb)
        {
            _iotlbReg = value;
            return;
        }

        var granularity = (IotlbGranularity)command.Iirg;
        var iva = InvalidateAddressRegister.FromWords([_iva]);
        var done = granularity is IotlbGranularity.Global or IotlbGranularity.Domain
            || (granularity == IotlbGranularity.Page && Capabilities.PageSelectiveInvalidation && iva.AddressMask <= Capabilities.MaximumAddressMaskValue);
        if (done)
        {
            InvalidateIotlb(granularity, command.DomainId, iva.Address, iva.AddressMask);
        }

        command.InvalidateIotlb = false;
        command.Iaig = done ? command.Iirg : (byte)0;
        _iotlbReg = command.GetWord(0);
    }
}
