using System.Runtime.CompilerServices;
using System.Threading;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Walkers;
using IommuLayouts.Specs.Smmuv3;
using IommuLayouts.Specs.Vmsa;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>Translation of one transaction (Arm IHI 0070 §3; QEMU smmuv3_translate / smmuv3_do_translate).</summary>
public sealed partial class Smmuv3Device
{
    /// <summary>
    /// Translates <paramref name="request"/>. Never throws for guest data: the result is a translation, a bypass, an abort
    /// (GBPA.ABORT or STE.Config = abort, no event) or a fault carrying its architected event, which is also written to the
    /// event queue when the architecture says so. <paramref name="trace"/> receives every descriptor read of the walks this
    /// call makes (none on a TLB hit). Thread-safe; a TLB hit takes no lock and allocates nothing.
    /// </summary>
    public Smmuv3Result Translate(in Smmuv3Request request, IWalkTraceSink? trace = null)
    {
        var control = Volatile.Read(ref _control);
        if (!control.SmmuEnabled)
        {
            // SMMUEN = 0: GBPA decides (Arm IHI 0070 §6.3.14).
            return control.GbpaAbort ? Smmuv3Result.Aborted() : Smmuv3Result.Bypassed(request.Address);
        }

        var epoch = _epoch.Current;
        if (TryLastTranslation(control, epoch, in request, out var last))
        {
            return last;
        }

        var configKey = ConfigKey(in request);
        if (!_configCache.TryGet(in configKey, out var context))
        {
            if (!TryResolve(control, in request, trace, out context, out var fault))
            {
                return fault;
            }

            CacheContext(epoch, in configKey, context);
        }

        if (context.OverridesAttributes)
        {
            var overridden = OverrideAttributes(context, in request);
            return TranslateResolved(control, context, in overridden, trace, epoch);
        }

        return TranslateResolved(control, context, in request, trace, epoch);
    }

    /// <summary>
    /// The transaction with STE.PRIVCFG / INSTCFG applied (Arm IHI 0070 STE; positions from TF-A/EDK2 STE_PRIVCFG_SHIFT /
    /// STE_INSTCFG_SHIFT): privileged or unprivileged, and reads as data or instruction fetches; a write stays a data write.
    /// The permission checks, the TLB-hit check and the event's PnU/InD all see the overridden attributes.
    /// </summary>
    private static Smmuv3Request OverrideAttributes(StreamContext context, in Smmuv3Request request)
    {
        var privileged = context.PrivCfg switch
        {
            StePrivCfg.Privileged => true,
            StePrivCfg.Unprivileged => false,
            _ => request.Privileged,
        };
        var access = (context.InstCfg, request.Access) switch
        {
            (SteInstCfg.Instruction, AccessKind.Read) => AccessKind.InstructionFetch,
            (SteInstCfg.Data, AccessKind.InstructionFetch) => AccessKind.Read,
            _ => request.Access,
        };
        var overridden = request.HasSubstreamId
            ? new Smmuv3Request(request.StreamId, request.SubstreamId, request.Address, access, privileged)
            : new Smmuv3Request(request.StreamId, request.Address, access, privileged);
        return overridden with { AtsTranslated = request.AtsTranslated };
    }

    private Smmuv3Result TranslateResolved(Smmuv3Control control, StreamContext context, in Smmuv3Request request, IWalkTraceSink? trace, long epoch)
    {
        if (request.AtsTranslated)
        {
            return TranslateAtsTranslated(context, in request, trace);
        }

        switch (context.Mode)
        {
            case StreamMode.Abort:
                return Smmuv3Result.Aborted();
            case StreamMode.Bypass:
                return Smmuv3Result.Bypassed(request.Address);
            case StreamMode.StreamDisabled:
                return ConfigFault(EventType.F_STREAM_DISABLED, request);
        }

        return context.Stage1 ? TranslateStage1(control, context, in request, trace, epoch) : TranslateStage2(context, in request, trace, epoch);
    }

    private Smmuv3Result TranslateStage1(Smmuv3Control control, StreamContext context, in Smmuv3Request request, IWalkTraceSink? trace, long epoch)
    {
        var va = request.Address;

        // VA[55] selects TTB0 or TTB1 whatever TBI says (Arm ARM AArch64.S1Walk; QEMU select_tt); TBI makes the top
        // byte a tag, so the TLB key is the address with bits 63:56 copied from bit 55.
        var upper = VmsaAddress.IsUpperRange(va);
        if (upper ? !context.Ttb1Enabled : !context.Ttb0Enabled)
        {
            var epd = WalkResult.Faulted(WalkFaultKind.Translation, WalkFaultDetail.InputOutOfRange, TranslationStage.Stage1, 0, va, atStartLevel: true);
            return WalkFault(in epd, request, EventClass.IN, context.RecordStage1, context.RecordStage2);
        }

        var tbi = upper ? context.Tbi1 : context.Tbi0;
        var key = tbi ? VmsaAddress.WithoutTag(va) : va;
        if (_tlb.TryLookupVa(context.Vmid, context.Asid, key, out var hit) && hit.Value.Permissions.Allows(request.Access, request.Privileged))
        {
            RememberTranslation(control, context, epoch, in request, hit.Value.OutputBase, hit.PageShift, hit.Value.Permissions);
            return Smmuv3Result.Translated(hit.Value.OutputBase | (key & PageMask(hit.PageShift)), hit.PageShift, hit.Value.Permissions);
        }

        return WalkStage1(control, context, in request, trace, epoch, upper, key);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Smmuv3Result WalkStage1(Smmuv3Control control, StreamContext context, in Smmuv3Request request, IWalkTraceSink? trace, long epoch, bool upper, ulong key)
    {
        var va = request.Address;
        ref readonly var config = ref upper ? ref context.Ttb1 : ref context.Ttb0;
        var walk = context.Stage2
            ? _tlb.Policy.Kind == CachePolicyKind.None
                ? _walker.WalkNested(in config, in context.S2, va, request.Access, request.Privileged, trace)
                : WalkNested(context, in config, in request, trace, epoch)
            : _walker.WalkStage1(in config, va, request.Access, request.Privileged, trace);
        if (walk.IsFault)
        {
            // CLASS: TT for a stage-2 fault on a stage-1 table address and for an abort reading a stage-1 table; IN
            // otherwise (Linux EVTQ_1_CLASS, QEMU SMMU_CLASS_TT / SMMU_CLASS_IN).
            var eventClass = walk.DuringStage1TableWalk || (walk.Fault == WalkFaultKind.ExternalAbort && walk.Stage == TranslationStage.Stage1)
                ? EventClass.TT
                : EventClass.IN;
            return WalkFault(in walk, request, eventClass, context.RecordStage1, context.RecordStage2);
        }

        var mask = PageMask(walk.PageShift);

        // A global translation (nG = 0) is matched for every ASID.
        if (CacheTranslation(epoch, new TlbEntry<TlbValue>(
            TlbInputKind.VirtualAddress, context.Vmid, context.Asid, walk.Global, key, walk.PageShift, walk.Level, config.Granule,
            new TlbValue(walk.OutputAddress & ~mask, walk.Permissions))))
        {
            RememberTranslation(control, context, epoch, in request, walk.OutputAddress & ~mask, walk.PageShift, walk.Permissions);
        }

        return Smmuv3Result.Translated(walk.OutputAddress, walk.PageShift, walk.Permissions);
    }

    /// <summary>
    /// A nested walk whose stage-2 translations (of every stage-1 table address and of the output IPA) go through the
    /// TLB's IPA entries: a hit skips the stage-2 walk, a miss walks and caches it. They are the same entries a
    /// stage-2-only stream of the VMID uses, removed by TLBI_S2_IPA / S12_VMALL / NSNH_ALL. With the TLB off this is the
    /// plain 4 × 4 + 4 walk.
    /// </summary>
    private WalkResult WalkNested(StreamContext context, in Stage1Config config, in Smmuv3Request request, IWalkTraceSink? trace, long epoch)
    {
        var tables = new CachedStage2(this, context, epoch);
        return _walker.WalkNested(new Vmsa64Stage1Format(in config), request.Address, new WalkAccess(request.Access, request.Privileged), ref tables, trace);
    }

    /// <summary>Stage 2 of an IPA through the TLB's IPA entries (hit: no walk; miss: walk and cache).</summary>
    private WalkResult TranslateIpa<TTrace>(StreamContext context, ulong ipa, in WalkAccess access, ref TTrace trace, long epoch, WalkPurpose purpose)
        where TTrace : struct, IWalkTrace
    {
        if (_tlb.TryLookupIpa(context.Vmid, ipa, out var hit) && access.IsAllowedBy(hit.Value.Permissions))
        {
            return WalkResult.Translated(
                TranslationStage.Stage2, hit.Level, ipa, hit.Value.OutputBase | (ipa & PageMask(hit.PageShift)), hit.PageShift, hit.Value.Permissions, 0, 0,
                global: false, dirty: true);
        }

        var direct = default(DirectTableAddresses);
        var walk = _walker.Walk(new Vmsa64Stage2Format(in context.S2), ipa, in access, ref direct, ref trace, purpose);
        if (!walk.IsFault)
        {
            CacheTranslation(epoch, new TlbEntry<TlbValue>(
                TlbInputKind.IntermediateAddress, context.Vmid, -1, false, ipa, walk.PageShift, walk.Level, context.S2.Granule,
                new TlbValue(walk.OutputAddress & ~PageMask(walk.PageShift), walk.Permissions)));
        }

        return walk;
    }

    /// <summary>The stage-2 translator of nested walks: stage-1 table addresses and the output through <see cref="TranslateIpa"/>.</summary>
    private readonly struct CachedStage2(Smmuv3Device owner, StreamContext context, long epoch) : ITableAddressTranslator
    {
        public WalkResult Translate<TTrace>(ulong address, in WalkAccess access, WalkPurpose purpose, ref TTrace trace)
            where TTrace : struct, IWalkTrace =>
            owner.TranslateIpa(context, address, in access, ref trace, epoch, purpose);
    }

    private Smmuv3Result TranslateStage2(StreamContext context, in Smmuv3Request request, IWalkTraceSink? trace, long epoch)
    {
        var ipa = request.Address;

        // Stage 1 bypassed: the input is the IPA, and one at or above 2^IAS (IAS = OAS for AArch64) is a stage-1 Address
        // Size fault, S2 = 0 (Arm IHI 0070 §3.4, as QEMU smmu_ptw quotes it). It is recorded only by a CD's R bit, which a
        // stage-2-only stream has none of (QEMU PTW_RECORD_FAULT; specs NOTES #17).
        if ((ipa >> _oas) != 0)
        {
            var ias = WalkResult.Faulted(WalkFaultKind.AddressSize, WalkFaultDetail.None, TranslationStage.Stage1, 0, ipa, atStartLevel: true);
            return WalkFault(in ias, request, EventClass.IN, recordStage1: false, recordStage2: false);
        }

        if (_tlb.TryLookupIpa(context.Vmid, ipa, out var hit) && hit.Value.Permissions.Allows(request.Access, request.Privileged))
        {
            return Smmuv3Result.Translated(hit.Value.OutputBase | (ipa & PageMask(hit.PageShift)), hit.PageShift, hit.Value.Permissions);
        }

        return WalkStage2(context, in request, trace, epoch);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Smmuv3Result WalkStage2(StreamContext context, in Smmuv3Request request, IWalkTraceSink? trace, long epoch)
    {
        var ipa = request.Address;
        var walk = _walker.WalkStage2(in context.S2, ipa, request.Access, request.Privileged, trace);
        if (walk.IsFault)
        {
            return WalkFault(in walk, request, EventClass.IN, recordStage1: false, context.RecordStage2);
        }

        CacheTranslation(epoch, new TlbEntry<TlbValue>(
            TlbInputKind.IntermediateAddress, context.Vmid, -1, false, ipa, walk.PageShift, walk.Level, context.S2.Granule,
            new TlbValue(walk.OutputAddress & ~PageMask(walk.PageShift), walk.Permissions)));
        return Smmuv3Result.Translated(walk.OutputAddress, walk.PageShift, walk.Permissions);
    }

    /// <summary>
    /// An ATS-translated transaction (address already translated by the device's ATC): allowed by STE.EATS (Arm IHI 0070
    /// §3.9.1): EATS = 0 → F_TRANSL_FORBIDDEN; EATS = 1 → passes untranslated; EATS = 2 (split stage) → stage 2 still
    /// translates. Bypass streams pass; without IDR0.ATS the transaction is unsupported (F_UUT).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Smmuv3Result TranslateAtsTranslated(StreamContext context, in Smmuv3Request request, IWalkTraceSink? trace)
    {
        if (!Capabilities.Ats)
        {
            return ConfigFault(EventType.F_UUT, request);
        }

        switch (context.Mode)
        {
            case StreamMode.Abort:
                return Smmuv3Result.Aborted();
            case StreamMode.Bypass:
                return Smmuv3Result.Bypassed(request.Address);
        }

        if (context.Eats == SteEats.Abort)
        {
            return ConfigFault(EventType.F_TRANSL_FORBIDDEN, request);
        }

        if (context.Eats == SteEats.S1Check && context.Stage2)
        {
            var walk = _walker.WalkStage2(in context.S2, request.Address, request.Access, request.Privileged, trace);
            return walk.IsFault
                ? WalkFault(in walk, request, EventClass.IN, recordStage1: false, context.RecordStage2)
                : Smmuv3Result.Translated(walk.OutputAddress, walk.PageShift, walk.Permissions);
        }

        return Smmuv3Result.Bypassed(request.Address);
    }

    /// <summary>Reads and checks the STE and (for stage 1) the CD of <paramref name="request"/>; the slow path of a configuration-cache miss.</summary>
    private bool TryResolve(Smmuv3Control control, in Smmuv3Request request, IWalkTraceSink? trace, out StreamContext context, out Smmuv3Result fault)
    {
        context = null!;
        if (!TryFetchSte(control, in request, out var ste, out fault))
        {
            return false;
        }

        // Config 0b000..0b011 (bit 2 clear, below Bypass) all abort without an event: the reserved 1..3 behave as 0b000
        // (Arm IHI 0070 STE.Config; QEMU STE_CFG_ABORT). Read as abort, the entry gets abort's checks and nothing else.
        if (ste.Config < SteConfig.Bypass)
        {
            ste.Config = SteConfig.Abort;
        }

        if (!CheckSte(in ste, out var stage2))
        {
            fault = ConfigFault(EventType.C_BAD_STE, request);
            return false;
        }

        var caps = Capabilities;
        var result = new StreamContext
        {
            Eats = ste.EATS,
            Vmid = !caps.Stage2 ? 0 : caps.Vmid16 ? ste.S2VMID : (byte)ste.S2VMID,
            RecordStage2 = ste.S2R,
            S2 = stage2,
            Mode = StreamMode.Translate,
        };
        if (caps.AttributePermissionsOverride)
        {
            // Reserved1 behaves as UseIncoming (Arm IHI 0070 STE.PRIVCFG / INSTCFG).
            result.PrivCfg = ste.PRIVCFG is StePrivCfg.Privileged or StePrivCfg.Unprivileged ? ste.PRIVCFG : StePrivCfg.UseIncoming;
            result.InstCfg = ste.INSTCFG is SteInstCfg.Data or SteInstCfg.Instruction ? ste.INSTCFG : SteInstCfg.UseIncoming;
            result.OverridesAttributes = result.PrivCfg != StePrivCfg.UseIncoming || result.InstCfg != SteInstCfg.UseIncoming;
        }

        var config = ste.Config;
        var stage1 = config is SteConfig.S1Translate or SteConfig.Nested;
        result.Stage2 = config is SteConfig.S2Translate or SteConfig.Nested;
        if (config == SteConfig.Abort)
        {
            result.Mode = StreamMode.Abort;
            context = result;
            return true;
        }

        if (!stage1)
        {
            // A SubstreamID needs a stage-1 CD table to select from: with stage 1 bypassed it is C_BAD_SUBSTREAMID
            // (Arm IHI 0070 §3.9: SubstreamIDs are only meaningful with stage 1; equivalently S1CDMax = 0).
            if (request.HasSubstreamId)
            {
                fault = ConfigFault(EventType.C_BAD_SUBSTREAMID, request);
                return false;
            }

            result.Mode = config == SteConfig.Bypass ? StreamMode.Bypass : StreamMode.Translate;
            context = result;
            return true;
        }

        uint substreamId;
        var cdMax = ste.S1CDMax;
        if (request.HasSubstreamId)
        {
            // A SubstreamID beyond the CD table (2^S1CDMax entries; S1CDMax = 0: one CD, no SubstreamIDs).
            if (cdMax == 0 || (request.SubstreamId >> cdMax) != 0)
            {
                fault = ConfigFault(EventType.C_BAD_SUBSTREAMID, request);
                return false;
            }

            substreamId = request.SubstreamId;
        }
        else if (cdMax == 0)
        {
            substreamId = 0;
        }
        else
        {
            // No SubstreamID on a stream with several CDs: STE.S1DSS (Linux STRTAB_STE_1_S1DSS_*).
            switch (ste.S1DSS)
            {
                case SteS1Dss.Terminate:
                    result.Mode = StreamMode.StreamDisabled;
                    context = result;
                    return true;
                case SteS1Dss.Bypass:
                    result.Mode = result.Stage2 ? StreamMode.Translate : StreamMode.Bypass;
                    context = result;
                    return true;
                default:
                    substreamId = 0;
                    break;
            }
        }

        if (!TryFetchCd(in ste, result.Stage2, in stage2, substreamId, in request, trace, out var cd, out fault))
        {
            return false;
        }

        if (!TryDecodeCd(in cd, result))
        {
            fault = ConfigFault(EventType.C_BAD_CD, request);
            return false;
        }

        result.Stage1 = true;
        context = result;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PageMask(int shift) => (1UL << shift) - 1;
}
