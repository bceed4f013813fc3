using System;
using System.Runtime.CompilerServices;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// The per-thread last translation (issue 12): the stage-1 or nested translation this thread last took from the TLB
/// or put into it, checked before the configuration-cache and TLB probes.
/// </summary>
/// <remarks>
/// <para>It is a copy of a TLB entry together with the configuration it was found under, valid only while nothing
/// that could change either has happened: the register snapshot (<see cref="_control"/>) is the same object and the
/// device's <see cref="InvalidationEpoch"/> has not advanced. Every invalidation of the configuration cache or the TLB
/// advances the epoch when it ends, so a translation that starts after an invalidation has completed never uses a
/// last translation taken before it, exactly as it never hits a removed TLB entry. It is recorded with the epoch read
/// before the probes (a TLB hit) or before the walk (a fill the epoch accepted), never a later one.</para>
/// <para>It can outlive the TLB entry it copies when a bounded TLB evicts that entry: a TLB may keep a translation for
/// as long as it likes until it is invalidated, so this is the behaviour of a slightly larger TLB. It is not used when
/// either cache is off, so that a model without caches still reads the tables on every translation.</para>
/// <para>Per thread, so recording it writes no shared memory and allocates nothing; it holds a reference to the last
/// device a thread translated through.</para>
/// </remarks>
public sealed partial class Smmuv3Device
{
    [ThreadStatic]
    private static LastTranslation t_last;

    private bool LastTranslationEnabled =>
        _tlb.Policy.Kind != CachePolicyKind.None && _configCache.Policy.Kind != CachePolicyKind.None;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryLastTranslation(Smmuv3Control control, long epoch, in Smmuv3Request request, out Smmuv3Result result)
    {
        ref var last = ref t_last;
        if (last.Epoch == epoch && ReferenceEquals(last.Owner, this) && ReferenceEquals(last.Control, control)
            && last.StreamId == request.StreamId && last.SubstreamId == request.SubstreamId && last.HasSubstreamId == request.HasSubstreamId
            && !request.AtsTranslated && (request.Address & ~PageMask(last.PageShift)) == last.Page
            && last.Permissions.Allows(request.Access, request.Privileged))
        {
            result = Smmuv3Result.Translated(last.OutputBase | (request.Address & PageMask(last.PageShift)), last.PageShift, last.Permissions);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Records a translation of <paramref name="request"/> that was in the TLB at <paramref name="epoch"/>.</summary>
    private void RememberTranslation(
        Smmuv3Control control, StreamContext context, long epoch, in Smmuv3Request request, ulong outputBase, int pageShift, WalkPermissions permissions)
    {
        // A stream whose STE overrides the privilege or instruction/data attribute is never remembered: the shortcut checks
        // the incoming attributes, and those are not the ones the permission check must see there.
        if (!LastTranslationEnabled || context.OverridesAttributes)
        {
            return;
        }

        ref var last = ref t_last;
        last.Owner = this;
        last.Control = control;
        last.Epoch = epoch;
        last.StreamId = request.StreamId;
        last.SubstreamId = request.SubstreamId;
        last.HasSubstreamId = request.HasSubstreamId;
        last.Page = request.Address & ~PageMask(pageShift);
        last.OutputBase = outputBase;
        last.PageShift = pageShift;
        last.Permissions = permissions;
    }

    private struct LastTranslation
    {
        public Smmuv3Device? Owner;
        public Smmuv3Control? Control;
        public long Epoch;
        public uint StreamId;
        public uint SubstreamId;
        public bool HasSubstreamId;
        public ulong Page;
        public ulong OutputBase;
        public int PageShift;
        public WalkPermissions Permissions;
    }
}
