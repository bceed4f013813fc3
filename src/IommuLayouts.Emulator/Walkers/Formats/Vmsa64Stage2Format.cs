using System.Runtime.CompilerServices;
using IommuLayouts.Specs.Vmsa;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// VMSAv8-64 stage-2 tables (Arm ARM D8, AArch64.S2Walk) as a walk-engine format, over the generated
/// <see cref="S2TableDescriptor"/> and <see cref="S2LeafDescriptor"/>: the start level from SL0 with up to 16 concatenated
/// start tables, S2AP, XN (or XN[1:0] with FEAT_XNX), the Access flag (S2AFFD) and address-size checks.
/// </summary>
/// <remarks>
/// An IPA at or beyond 2^(64 − T0SZ) is a stage-2 Translation fault before any read (QEMU smmu_ptw_64_s2 "IPA range
/// check"); a start table at or beyond 2^OAS an Address size fault.
/// </remarks>
public readonly struct Vmsa64Stage2Format : IPageTableFormat
{
    private readonly Stage2Config _config;
    private readonly Vmsa64Levels _levels;

    /// <summary>The format of the tables <paramref name="config"/> describes.</summary>
    public Vmsa64Stage2Format(in Stage2Config config)
    {
        _config = config;
        _levels = new Vmsa64Levels(config.Granule, config.StartLevel, config.StartIndexBits, config.TableBase, config.OutputSize, config.AccessFlagFaultDisabled || config.HardwareAccessFlag,
            config.PhysicalAddress52);
        _dirtyUpdates = config.HardwareAccessFlag && config.HardwareDirty;
    }

    // S2HD is effective only with S2HA, as HD with HA at stage 1.
    private readonly bool _dirtyUpdates;

    /// <inheritdoc/>
    public TranslationStage Stage => TranslationStage.Stage2;

    /// <inheritdoc/>
    public TraceDescriptorFormat TraceFormat => TraceDescriptorFormat.Vmsa64;

    /// <inheritdoc/>
    public int StartLevel => _levels.StartLevel;

    /// <inheritdoc/>
    public ulong StartTable => _levels.StartTable;

    /// <inheritdoc/>
    public ulong InitialAccumulator => 0;

    /// <inheritdoc/>
    public EntryDecision CheckInput(ulong input)
    {
        if ((input >> _config.InputSize) != 0)
        {
            return EntryDecision.Faulted(WalkFaultKind.Translation, WalkFaultDetail.InputOutOfRange);
        }

        return _levels.CheckStartTable();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong EntryIndex(ulong input, int level) => _levels.EntryIndex(input, level);

    /// <inheritdoc/>
    public int NextLevel(int level) => level + 1;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EntryDecision Decode(ulong entry, int level, ref ulong accumulator, in WalkAccess access)
    {
        var shape = _levels.Classify(entry, level);
        if (shape.Kind != EntryKind.Leaf)
        {
            return shape;
        }

        var leaf = new S2LeafDescriptor(entry);

        // Under S2HD a write to a writable-clean leaf (DBM = 1, S2AP[1] = 0) is checked as the writable-dirty leaf the
        // update makes of it (S2AP[1] = 1); S2AP[0] still governs reads.
        if (_dirtyUpdates && access.IsWrite && leaf.DBM)
        {
            leaf.S2ApWrite = true;
        }

        var permissions = Permissions(leaf, _config.ExtendedExecuteNever);
        if (!access.IsAllowedBy(permissions))
        {
            return EntryDecision.Faulted(WalkFaultKind.Permission, Vmsa64Stage1Format.Denied(in access));
        }

        return EntryDecision.Leaf(shape.Address, shape.PageShift, permissions, global: false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// HTTU at stage 2 (Arm ARM D8.4.2; SMMUv3 STE.S2HA/S2HD): a leaf the access may use gets AF = 1 and, for a write to a
    /// DBM = 1 leaf under S2HD, S2AP[1] = 1. A stage-2 leaf translating a stage-1 descriptor the walk updates is written
    /// for that update (the engine translates it with <see cref="WalkAccess.TableWrite"/>), so it becomes dirty too.
    /// </remarks>
    public ulong Update(ulong entry, in EntryDecision decision, in WalkAccess access)
    {
        if (decision.Kind != EntryKind.Leaf || !_config.HardwareAccessFlag)
        {
            return entry;
        }

        var leaf = new S2LeafDescriptor(entry) { AF = true };
        if (_dirtyUpdates && access.IsWrite && leaf.DBM)
        {
            leaf.S2ApWrite = true;
        }

        return leaf.Word;
    }

    /// <inheritdoc/>
    public bool IsDirty(ulong leaf) => true;

    /// <summary>
    /// Stage-2 permissions: S2AP[0] read, S2AP[1] write, both privileges alike; execution from XN (bit 54), or with
    /// FEAT_XNX from XN[1:0]: 0 executable, 1 not at EL1, 2 never, 3 not at EL0 (Arm ARM D8.4 "Stage 2 execute-never";
    /// QEMU target/arm/ptw.c get_S2prot, which also grants AArch64 execution without S2AP read).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static WalkPermissions Permissions(S2LeafDescriptor leaf, bool xnx)
    {
        var p = leaf.S2ApRead ? WalkPermissions.PrivilegedRead | WalkPermissions.UnprivilegedRead : WalkPermissions.None;
        p |= leaf.S2ApWrite ? WalkPermissions.PrivilegedWrite | WalkPermissions.UnprivilegedWrite : 0;

        // XN[1] (descriptor bit 54) alone, or the FEAT_XNX pair.
        var xn = leaf.XN;
        var neverExecute = xn >= 2;
        var privilegedExecute = xnx ? xn is 0 or 3 : !neverExecute;
        var unprivilegedExecute = xnx ? xn is 0 or 1 : !neverExecute;
        p |= privilegedExecute ? WalkPermissions.PrivilegedExecute : 0;
        p |= unprivilegedExecute ? WalkPermissions.UnprivilegedExecute : 0;
        return p;
    }
}
