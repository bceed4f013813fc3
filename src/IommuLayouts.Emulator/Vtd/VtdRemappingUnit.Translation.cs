using System.Collections.Generic;
using System.Threading;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>Request translation: the flow of QEMU vtd_do_iommu_translate, with the scalable-mode codes in scalable mode.</summary>
public sealed partial class VtdRemappingUnit
{
    private readonly PageTableWalker _walker;

    /// <summary>
    /// Translates one request. Never throws for guest data: every failure is a <see cref="VtdTranslation"/> with
    /// its fault reason, recorded in the fault-recording registers unless FPD or an overflow prevents it.
    /// </summary>
    public VtdTranslation Translate(in VtdRequest request, IWalkTraceSink? trace = null)
    {
        var epoch = _epoch.Current;
        var root = Volatile.Read(ref _root);
        var address = request.Address;

        // Requests without PASID to 0xFEEx_xxxx are interrupt messages, not DMA (VT-d 3.14; QEMU's iommu_ir region).
        if (!request.Pasid.HasValue && InterruptAddressRange.Contains(address))
        {
            return VtdTranslation.Other(VtdOutcome.InterruptRequest);
        }

        if (!root.Enabled)
        {
            return VtdTranslation.Translated(address, 12, WalkPermissions.All, passThrough: true);
        }

        if (root.Mode == RootTableTranslationMode.AbortDma && root.ModeValid)
        {
            return VtdTranslation.Other(VtdOutcome.Blocked);
        }

        if (!root.ModeValid)
        {
            // TTM = 2 (reserved), or a mode the unit does not implement.
            return Fault(in request, FaultReason.ScalableRootTableAddressInvalid, false);
        }

        if (!root.Scalable && request.Pasid.HasValue)
        {
            // "SM: TTM 0 for request with PASID" (Linux dma_remap_sm_fault_reasons).
            return Fault(in request, FaultReason.ScalableRequestWithPasidInLegacyMode, false);
        }

        var contextKey = new ConfigCacheKey(request.SourceId);
        if (!_contextCache.TryGet(in contextKey, out var context))
        {
            var reason = ResolveContext(root, request.SourceId, out var resolved, out var contextFpd);
            if (reason != 0)
            {
                return Fault(in request, reason, contextFpd);
            }

            context = resolved!;
            _epoch.Fill(epoch, _contextCache, new KeyValuePair<ConfigCacheKey, VtdContextCacheEntry>(contextKey, context));
        }

        if (!context.Scalable)
        {
            return TranslateLegacy(in request, context, epoch, trace);
        }

        return TranslateScalable(in request, context, epoch, trace);
    }

    private VtdTranslation TranslateLegacy(in VtdRequest request, VtdContextCacheEntry context, long epoch, IWalkTraceSink? trace)
    {
        if (context.PassThrough)
        {
            return VtdTranslation.Translated(request.Address, 12, WalkPermissions.All, passThrough: true);
        }

        if (TryHit(in request, TlbInputKind.IntermediateAddress, context.DomainId, 0, out var hit))
        {
            return hit;
        }

        var result = _walker.WalkSecondStage(context.SecondStage, request.Address, request.IsWrite ? AccessKind.Write : AccessKind.Read, request.Execute, trace);
        if (result.IsFault)
        {
            return Fault(in request, LegacyReason(in result), context.FaultProcessingDisable).OfWalk(in result);
        }

        return Finish(in request, in result, TlbInputKind.IntermediateAddress, context.DomainId, 0, scalable: false, context.FaultProcessingDisable, epoch);
    }

    private VtdTranslation TranslateScalable(in VtdRequest request, VtdContextCacheEntry context, long epoch, IWalkTraceSink? trace)
    {
        uint pasid;
        if (request.Pasid is { } requested)
        {
            if (!context.PasidEnable)
            {
                return Fault(in request, FaultReason.ScalablePasidDisabled, context.FaultProcessingDisable);
            }

            if ((requested >> Capabilities.PasidBits) != 0 || PasidDirectoryEntry.IndexOf(requested) >= context.PasidDirectoryEntries)
            {
                return Fault(in request, FaultReason.ScalablePasidBeyondDirectorySize, context.FaultProcessingDisable);
            }

            pasid = requested;
        }
        else
        {
            // RID_PASID: the PASID of requests without PASID (QEMU always uses 0).
            pasid = context.RidPasid;
            if ((pasid != 0 && !Capabilities.RidPasid) || PasidDirectoryEntry.IndexOf(pasid) >= context.PasidDirectoryEntries)
            {
                return Fault(in request, FaultReason.ScalableRidPasidError, context.FaultProcessingDisable);
            }
        }

        var pasidKey = new ConfigCacheKey(request.SourceId, pasid);
        if (!_pasidCache.TryGet(in pasidKey, out var entry))
        {
            var reason = ResolvePasid(context, pasid, out var resolved, out var pasidFpd);
            if (reason != 0)
            {
                return Fault(in request, reason, context.FaultProcessingDisable || pasidFpd);
            }

            entry = resolved!;
            _epoch.Fill(epoch, _pasidCache, new KeyValuePair<ConfigCacheKey, VtdPasidCacheEntry>(pasidKey, entry));
        }

        var fpd = context.FaultProcessingDisable || entry.FaultProcessingDisable;
        var access = new WalkAccess(request.IsWrite ? AccessKind.Write : AccessKind.Read, request.Privileged, request.Execute);
        switch (entry.Pgtt)
        {
            case PasidGranularTranslationType.PassThrough:
                // Only requests with PASID reach here at 0xFEEx_xxxx (those without are interrupts, above). VT-d 3.14/3.15
                // (quoted by QEMU vtd_switch_address_space) blocks them when processed by pass-through: SGN.8, 0x87,
                // qualified (QEMU vtd_report_ir_illegal_access), the output being the input address.
                return InInterruptRange(request.Address, 12)
                    ? Fault(in request, FaultReason.ScalableOutputInInterruptAddressRange, fpd)
                    : VtdTranslation.Translated(request.Address, 12, WalkPermissions.All, passThrough: true);

            case PasidGranularTranslationType.SecondStage:
            {
                if (TryHit(in request, TlbInputKind.IntermediateAddress, entry.DomainId, 0, out var hit))
                {
                    return hit;
                }

                var result = _walker.Walk(new VtdSecondStageFormat(entry.SecondStage), request.Address, in access, trace, WalkPurpose.Stage2);
                return result.IsFault
                    ? Fault(in request, ScalableReason(in result), fpd).OfWalk(in result)
                    : Finish(in request, in result, TlbInputKind.IntermediateAddress, entry.DomainId, 0, scalable: true, fpd, epoch);
            }

            default:
            {
                if (request.Privileged && !entry.SupervisorRequestEnable)
                {
                    return Fault(in request, FaultReason.ScalableSupervisorRequestsDisabled, fpd);
                }

                if (request.Execute && !entry.ExecuteRequestEnable)
                {
                    return Fault(in request, FaultReason.ScalableExecuteRequestsDisabled, fpd);
                }

                if (TryHit(in request, TlbInputKind.VirtualAddress, entry.DomainId, (int)pasid, out var hit))
                {
                    return hit;
                }

                var result = entry.Pgtt == PasidGranularTranslationType.Nested
                    ? WalkNested(entry, in request, in access, epoch, trace)
                    : _walker.Walk(new VtdFirstStageFormat(entry.FirstStage), request.Address, in access, trace, WalkPurpose.Stage1);
                return result.IsFault
                    ? Fault(in request, ScalableReason(in result), fpd).OfWalk(in result)
                    : Finish(in request, in result, TlbInputKind.VirtualAddress, entry.DomainId, (int)pasid, scalable: true, fpd, epoch);
            }
        }
    }

    /// <summary>An IOTLB hit that allows the request; a write through a clean entry, or a denied access, walks again.</summary>
    private bool TryHit(in VtdRequest request, TlbInputKind kind, ushort domain, int pasid, out VtdTranslation translation)
    {
        TlbEntry<VtdIotlbValue> entry;
        var found = kind == TlbInputKind.VirtualAddress
            ? _iotlb.TryLookupVa(domain, pasid, request.Address, out entry)
            : _iotlb.TryLookupIpa(domain, request.Address, out entry);
        if (found && Allows(entry.Value.Permissions, in request) && (!request.IsWrite || entry.Value.Dirty))
        {
            var offset = request.Address & ((1UL << entry.PageShift) - 1);
            translation = VtdTranslation.Translated(entry.Value.OutputBase | offset, entry.PageShift, entry.Value.Permissions, passThrough: false);
            return true;
        }

        translation = default;
        return false;
    }

    private static bool Allows(WalkPermissions permissions, in VtdRequest request)
    {
        WalkPermissions needed;
        if (request.Privileged)
        {
            needed = request.IsWrite ? WalkPermissions.PrivilegedWrite : WalkPermissions.PrivilegedRead;
            needed |= request.Execute ? WalkPermissions.PrivilegedExecute : 0;
        }
        else
        {
            needed = request.IsWrite ? WalkPermissions.UnprivilegedWrite : WalkPermissions.UnprivilegedRead;
            needed |= request.Execute ? WalkPermissions.UnprivilegedExecute : 0;
        }

        return (permissions & needed) == needed;
    }

    /// <summary>The interrupt-range check of the output page (0x0E legacy / 0x87 scalable, QEMU vtd_is_interrupt_addr), then the IOTLB fill.</summary>
    private VtdTranslation Finish(in VtdRequest request, in WalkResult result, TlbInputKind kind, ushort domain, int pasid, bool scalable, bool fpd, long epoch)
    {
        if (InInterruptRange(in result))
        {
            return Fault(in request, scalable ? FaultReason.ScalableOutputInInterruptAddressRange : FaultReason.OutputInInterruptAddressRange, fpd);
        }

        FillIotlb(kind, domain, pasid, request.Address, in result, epoch);
        return VtdTranslation.Translated(result.OutputAddress, result.PageShift, result.Permissions, passThrough: false);
    }

    /// <summary>True when the translated page overlaps 0xFEEx_xxxx (QEMU vtd_is_interrupt_addr).</summary>
    private static bool InInterruptRange(in WalkResult result) => InInterruptRange(result.OutputAddress, result.PageShift);

    /// <summary>True when the page of 2^<paramref name="pageShift"/> bytes holding <paramref name="output"/> overlaps 0xFEEx_xxxx.</summary>
    private static bool InInterruptRange(ulong output, int pageShift)
    {
        var pageMask = (1UL << pageShift) - 1;
        var outputBase = output & ~pageMask;
        return outputBase <= InterruptAddressRange.Last && outputBase + pageMask >= InterruptAddressRange.First;
    }

    private void FillIotlb(TlbInputKind kind, ushort domain, int pasid, ulong input, in WalkResult result, long epoch)
    {
        if (_iotlb.Policy.Kind != CachePolicyKind.None)
        {
            _epoch.Fill(epoch, _iotlb, new TlbEntry<VtdIotlbValue>(
                kind, domain, pasid, false, input, result.PageShift, result.Level, TranslationGranule.Size4K,
                new VtdIotlbValue(result.OutputAddress & ~((1UL << result.PageShift) - 1), result.Permissions, result.Dirty)));
        }
    }

    /// <summary>
    /// A nested walk (PGTT = Nested) whose second-stage translations, of every first-stage table address and of the output,
    /// go through the IOTLB's second-stage entries of the domain: a hit skips the second-stage walk, a miss walks and
    /// caches it. They are the entries a second-stage-only PASID of the same DID uses, removed by domain- and
    /// page-selective IOTLB invalidations and kept by PASID-based ones (which cover first-stage and nested entries).
    /// </summary>
    private WalkResult WalkNested(VtdPasidCacheEntry entry, in VtdRequest request, in WalkAccess access, long epoch, IWalkTraceSink? trace)
    {
        var tables = new CachedSecondStage(this, entry, epoch);
        return _walker.WalkNested(new VtdFirstStageFormat(entry.FirstStage), request.Address, in access, ref tables, trace);
    }

    /// <summary>A second-stage translation of a nested walk through the IOTLB (hit: no walk; miss: walk and cache).</summary>
    private WalkResult TranslateSecondStage<TTrace>(VtdPasidCacheEntry entry, ulong address, in WalkAccess access, WalkPurpose purpose, ref TTrace trace, long epoch)
        where TTrace : struct, IWalkTrace
    {
        if (_iotlb.TryLookupIpa(entry.DomainId, address, out var hit) && access.IsAllowedBy(hit.Value.Permissions) && (!access.IsWrite || hit.Value.Dirty))
        {
            var offset = address & ((1UL << hit.PageShift) - 1);
            return WalkResult.Translated(
                TranslationStage.Stage2, hit.Level, address, hit.Value.OutputBase | offset, hit.PageShift, hit.Value.Permissions, 0, 0, global: false, dirty: hit.Value.Dirty);
        }

        var direct = default(DirectTableAddresses);
        var walk = _walker.Walk(new VtdSecondStageFormat(entry.SecondStage), address, in access, ref direct, ref trace, purpose);

        // A second-stage-only request hitting this entry later gets no interrupt-range check, so such pages are not cached.
        if (!walk.IsFault && !InInterruptRange(in walk))
        {
            FillIotlb(TlbInputKind.IntermediateAddress, entry.DomainId, 0, address, in walk, epoch);
        }

        return walk;
    }

    /// <summary>The second-stage translator of nested walks: table addresses and the output through <see cref="TranslateSecondStage"/>.</summary>
    private readonly struct CachedSecondStage(VtdRemappingUnit owner, VtdPasidCacheEntry entry, long epoch) : ITableAddressTranslator
    {
        public WalkResult Translate<TTrace>(ulong address, in WalkAccess access, WalkPurpose purpose, ref TTrace trace)
            where TTrace : struct, IWalkTrace =>
            owner.TranslateSecondStage(entry, address, in access, purpose, ref trace, epoch);
    }

    /// <summary>Legacy-mode codes of a second-stage walk fault (QEMU vtd_iova_to_sspte).</summary>
    private static FaultReason LegacyReason(in WalkResult result) => (result.Fault, result.Detail) switch
    {
        (WalkFaultKind.Translation, WalkFaultDetail.InputOutOfRange) => FaultReason.AddressBeyondMgaw,
        (WalkFaultKind.Translation, _) => FaultReason.PagingEntryReservedBitSet,
        (WalkFaultKind.Permission, WalkFaultDetail.WriteDenied) => FaultReason.WriteNotPermitted,
        (WalkFaultKind.Permission, _) => FaultReason.ReadNotPermitted,

        // QEMU: a failed read of the top-level table is 0x03.
        (WalkFaultKind.ExternalAbort, WalkFaultDetail.TableRead) when result.AtStartLevel => FaultReason.ContextEntryInvalid,
        _ => FaultReason.PagingEntryAccessError,
    };

    /// <summary>
    /// Scalable-mode codes: first-stage faults 0x70–0x73/0x80/0x81/0x91; second-stage faults while translating a
    /// first-stage table address 0x74–0x78/0x7A/0x7B; other second-stage faults 0x78/0x7A/0x7B/0x83; the request's
    /// own permission 0x82/0x85/0x86 whichever stage denied it.
    /// </summary>
    private static FaultReason ScalableReason(in WalkResult result)
    {
        var rootRead = result.Fault == WalkFaultKind.ExternalAbort && result.Detail == WalkFaultDetail.TableRead && result.AtStartLevel;
        if (result.Stage == TranslationStage.Stage1)
        {
            return result.Detail switch
            {
                WalkFaultDetail.NonCanonical => FaultReason.ScalableNonCanonicalAddress,
                WalkFaultDetail.NotPresent => FaultReason.ScalableFirstStagePagingEntryNotPresent,
                WalkFaultDetail.ReservedEncoding => FaultReason.ScalableFirstStagePagingEntryReservedBitSet,
                WalkFaultDetail.PrivilegeDenied => FaultReason.ScalableUserAccessToSupervisorPage,
                WalkFaultDetail.WriteDenied => FaultReason.ScalableWriteDenied,
                WalkFaultDetail.ReadDenied => FaultReason.ScalableReadDenied,
                WalkFaultDetail.ExecuteDenied => FaultReason.ScalableExecuteDenied,
                WalkFaultDetail.EntryUpdate => FaultReason.ScalableFirstStageAccessedDirtyUpdateFailed,
                _ => rootRead ? FaultReason.ScalableFirstStageRootAccessError : FaultReason.ScalableFirstStagePagingEntryAccessError,
            };
        }

        if (result.DuringStage1TableWalk)
        {
            return result.Detail switch
            {
                WalkFaultDetail.InputOutOfRange => FaultReason.ScalableNestedFirstStageAddressBeyondMgaw,
                WalkFaultDetail.ReadDenied or WalkFaultDetail.ExecuteDenied => result.Stage1FetchAtStartLevel
                    ? FaultReason.ScalableNestedFirstStageRootReadDenied
                    : FaultReason.ScalableNestedFirstStageEntryReadDenied,
                WalkFaultDetail.WriteDenied => FaultReason.ScalableNestedFirstStageEntryWriteDenied,
                WalkFaultDetail.ReservedEncoding => FaultReason.ScalableSecondStagePagingEntryReservedBitSet,
                _ => rootRead ? FaultReason.ScalableSecondStageTablePointerInvalid : FaultReason.ScalableSecondStagePagingEntryAccessError,
            };
        }

        return result.Detail switch
        {
            WalkFaultDetail.InputOutOfRange => FaultReason.ScalableAddressBeyondHardwareLimit,
            WalkFaultDetail.ReservedEncoding => FaultReason.ScalableSecondStagePagingEntryReservedBitSet,
            WalkFaultDetail.WriteDenied => FaultReason.ScalableWriteDenied,
            WalkFaultDetail.ReadDenied => FaultReason.ScalableReadDenied,
            WalkFaultDetail.ExecuteDenied => FaultReason.ScalableExecuteDenied,
            _ => rootRead ? FaultReason.ScalableSecondStageTablePointerInvalid : FaultReason.ScalableSecondStagePagingEntryAccessError,
        };
    }
}
