using System.Runtime.CompilerServices;
using IommuLayouts.Specs.Vmsa;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// VMSAv8-64 stage-1 tables (Arm ARM D8, AArch64.S1Walk) as a walk-engine format, over the generated
/// <see cref="S1TableDescriptor"/> and <see cref="S1LeafDescriptor"/>: 4K/16K/64K granules, the start level from TxSZ,
/// blocks at the levels the granule allows, the Access flag, APTable/PXNTable/UXNTable accumulated on the way down
/// (unless HPD), the AArch64 EL1&amp;0 permissions of the leaf, address-size checks, TTB1 and TBI.
/// </summary>
/// <remarks>
/// Checked as QEMU hw/arm/smmu-common.c smmu_ptw_64_s1 and Linux io-pgtable-arm.c implement it; where they differ the
/// architecture wins: permissions include AP[1], PXN/UXN and the table restrictions (QEMU checks only AP[2]), a permission
/// fault is raised at the leaf (QEMU faults writes at the APTable level). Fault priority at a leaf: Translation, Address
/// size, Access flag, Permission. Faults before any read (input outside the TxSZ range, table base at or beyond 2^OAS) are
/// level 0, as AArch64.TranslationTableWalk reports them.
/// </remarks>
public readonly struct Vmsa64Stage1Format : IPageTableFormat
{
    private readonly Stage1Config _config;
    private readonly Vmsa64Levels _levels;

    /// <summary>The format of the tables <paramref name="config"/> describes.</summary>
    public Vmsa64Stage1Format(in Stage1Config config)
    {
        _config = config;
        _levels = new Vmsa64Levels(
            config.Granule, config.StartLevel, config.InputSize - VmsaGeometry.LevelShift(config.Granule, config.StartLevel), config.TableBase,
            config.OutputSize, config.AccessFlagFaultDisabled || config.HardwareAccessFlag, config.PhysicalAddress52);
        _dirtyUpdates = config.HardwareAccessFlag && config.HardwareDirty;
    }

    // HD is effective only with HA (Arm ARM D8.4.2: dirty state is managed only when the Access flag is).
    private readonly bool _dirtyUpdates;

    [System.Flags]
    private enum Restrictions : byte
    {
        None = 0,
        NoUnprivileged = 1,
        ReadOnly = 2,
        PrivilegedExecuteNever = 4,
        UnprivilegedExecuteNever = 8,
    }

    /// <inheritdoc/>
    public TranslationStage Stage => TranslationStage.Stage1;

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
        // Input bits above the TxSZ range must all equal the range's polarity (zero for TTB0, one for TTB1); with TBI
        // bits 63:56 do not take part (QEMU select_tt; Arm ARM AArch64.S1Walk).
        var inputSize = _config.InputSize;
        var top = _config.TopByteIgnored ? 56 : 64;
        var upper = (top == 64 ? input : input & ((1UL << 56) - 1)) >> inputSize;
        var expected = _config.UpperRange ? (1UL << (top - inputSize)) - 1 : 0;
        if (upper != expected)
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
        if (shape.Kind == EntryKind.Table)
        {
            if (!_config.HierarchicalPermissionsDisabled)
            {
                var table = new S1TableDescriptor(entry);
                accumulator |= (ulong)((table.ApTableNoUnprivileged ? Restrictions.NoUnprivileged : 0)
                    | (table.ApTableReadOnly ? Restrictions.ReadOnly : 0)
                    | (table.PxnTable ? Restrictions.PrivilegedExecuteNever : 0)
                    | (table.UxnTable ? Restrictions.UnprivilegedExecuteNever : 0));
            }

            return shape;
        }

        if (shape.Kind != EntryKind.Leaf)
        {
            return shape;
        }

        var leaf = new S1LeafDescriptor(entry);

        // A write to a writable-clean leaf (DBM = 1, AP[2] = 1) under HD is checked as the writable-dirty leaf the update
        // makes of it (AP[2] = 0), so only the other controls (APTable, AP[1], the privilege) can still refuse it.
        if (_dirtyUpdates && access.IsWrite && leaf.DBM)
        {
            leaf.ApReadOnly = false;
        }

        var r = (Restrictions)accumulator;
        var permissions = Permissions(
            leaf, (r & Restrictions.NoUnprivileged) != 0, (r & Restrictions.ReadOnly) != 0, (r & Restrictions.PrivilegedExecuteNever) != 0,
            (r & Restrictions.UnprivilegedExecuteNever) != 0, _config.WriteImpliesExecuteNever);
        if (!access.IsAllowedBy(permissions))
        {
            return EntryDecision.Faulted(WalkFaultKind.Permission, Denied(in access));
        }

        return EntryDecision.Leaf(shape.Address, shape.PageShift, permissions, global: !leaf.NG);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// HTTU (Arm ARM D8.4.2; SMMUv3 CD.HA/HD): a leaf the access may use gets AF = 1 and, for a write to a DBM = 1 leaf
    /// under HD, AP[2] = 0. Only a leaf is updated (the table-descriptor Access flag is FEAT_HAFT, not modelled), and only
    /// when the access does not fault, so a faulting access changes nothing.
    /// </remarks>
    public ulong Update(ulong entry, in EntryDecision decision, in WalkAccess access)
    {
        if (decision.Kind != EntryKind.Leaf || !_config.HardwareAccessFlag)
        {
            return entry;
        }

        var leaf = new S1LeafDescriptor(entry) { AF = true };
        if (_dirtyUpdates && access.IsWrite && leaf.DBM)
        {
            leaf.ApReadOnly = false;
        }

        return leaf.Word;
    }

    /// <inheritdoc/>
    public bool IsDirty(ulong leaf) => true;

    /// <summary>
    /// The AArch64 EL1&amp;0 stage-1 permissions of a leaf under the accumulated table restrictions (Arm ARM D8.4
    /// "Memory access control"; AArch64.S1ApplyOutputPerms): AP[2] read-only, AP[1] unprivileged access, APTable[1]
    /// removes write, APTable[0] removes unprivileged access; execution is governed only by PXN/UXN (and their table
    /// forms), a region writable at EL0 is never executable at EL1, and WXN makes a writable region execute-never.
    /// Checked against QEMU target/arm/ptw.c get_S1prot (<c>xn = pxn || (user_rw &amp; PAGE_WRITE)</c> for privileged
    /// accesses of a two-range regime; WXN removes execute from writable pages).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static WalkPermissions Permissions(S1LeafDescriptor leaf, bool noUnprivileged, bool readOnly, bool pxnTable, bool uxnTable, bool wxn)
    {
        var writable = !(leaf.ApReadOnly || readOnly);
        var unprivileged = leaf.ApUnprivileged && !noUnprivileged;
        var unprivilegedWrite = unprivileged && writable;
        var privilegedExecute = !(leaf.PXN || pxnTable || unprivilegedWrite || (wxn && writable));
        var unprivilegedExecute = !(leaf.UXN || uxnTable || (wxn && unprivilegedWrite));

        var p = WalkPermissions.PrivilegedRead;
        p |= writable ? WalkPermissions.PrivilegedWrite : 0;
        p |= privilegedExecute ? WalkPermissions.PrivilegedExecute : 0;
        p |= unprivileged ? WalkPermissions.UnprivilegedRead : 0;
        p |= unprivilegedWrite ? WalkPermissions.UnprivilegedWrite : 0;
        p |= unprivilegedExecute ? WalkPermissions.UnprivilegedExecute : 0;
        return p;
    }

    /// <summary>The detail of a permission fault: what the access needed.</summary>
    internal static WalkFaultDetail Denied(in WalkAccess access) => access.Kind switch
    {
        AccessKind.Write => WalkFaultDetail.WriteDenied,
        AccessKind.InstructionFetch => WalkFaultDetail.ExecuteDenied,
        _ => WalkFaultDetail.ReadDenied,
    };
}
