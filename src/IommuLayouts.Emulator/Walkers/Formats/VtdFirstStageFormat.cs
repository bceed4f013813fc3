using System.Runtime.CompilerServices;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// VT-d first-stage (IA-32e-compatible) tables, 4 or 5 levels with 2 MiB and 1 GiB pages, as a walk-engine format over
/// the generated <see cref="FirstStagePageTableEntry"/>: canonical inputs, P, reserved bits, U/S, R/W with WPE, XD,
/// SMEP, and A (with EA under EAFE) set in every entry walked, D in a written leaf.
/// </summary>
/// <remarks>
/// Order of checks per entry as QEMU vtd_iova_to_fspte: present (0x71), reserved (0x72); then at the leaf U/S (0x81),
/// write (0x85), execute (0x82); the hardware updates come after the checks. Unlike QEMU, supervisor requests (SRE) and
/// WPE are modelled: a supervisor request may use user and supervisor pages and writes read-only pages unless WPE is set.
/// XD (bit 63) is honoured for execute requests, as Linux sets DMA_FL_PTE_XD.
/// </remarks>
public readonly struct VtdFirstStageFormat : IPageTableFormat
{
    private static readonly ulong AddressMask = FirstStagePageTableEntry.Layout.FindField(nameof(FirstStagePageTableEntry.Address))!.WordMask;

    private readonly VtdFirstStageConfig _config;
    private readonly ulong _addressHigh;

    /// <summary>The format of the tables <paramref name="config"/> describes.</summary>
    public VtdFirstStageFormat(in VtdFirstStageConfig config)
    {
        _config = config;

        // Address bits from the host address width up are reserved in every entry (QEMU vtd_fpte_rsvd).
        _addressHigh = AddressMask & ~((1UL << config.HostAddressWidth) - 1);
    }

    [System.Flags]
    private enum Controls : byte
    {
        None = 0,
        Writable = 1,
        User = 2,
        ExecuteDisable = 4,
    }

    /// <inheritdoc/>
    public TranslationStage Stage => TranslationStage.Stage1;

    /// <inheritdoc/>
    public TraceDescriptorFormat TraceFormat => TraceDescriptorFormat.VtdFirstStage;

    /// <inheritdoc/>
    public int StartLevel => _config.Levels;

    /// <inheritdoc/>
    public ulong StartTable => _config.TableBase;

    /// <inheritdoc/>
    public ulong InitialAccumulator => (ulong)(Controls.Writable | Controls.User);

    /// <inheritdoc/>
    public EntryDecision CheckInput(ulong input)
    {
        // Canonical: bits 63..width-1 all equal (Intel SDM 4.5; QEMU vtd_iova_fs_check_canonical).
        var top = (long)input >> (_config.InputWidth - 1);
        return top != 0 && top != -1 ? EntryDecision.Faulted(WalkFaultKind.Translation, WalkFaultDetail.NonCanonical) : default;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong EntryIndex(ulong input, int level) => VtdPagingGeometry.Index(input, level);

    /// <inheritdoc/>
    public int NextLevel(int level) => level - 1;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EntryDecision Decode(ulong entry, int level, ref ulong accumulator, in WalkAccess access)
    {
        var e = new FirstStagePageTableEntry(entry);
        if (!e.Present)
        {
            return EntryDecision.Faulted(WalkFaultKind.Translation, WalkFaultDetail.NotPresent);
        }

        var leaf = VtdPagingGeometry.IsLeaf(level, e.PageSize);
        var shift = VtdPagingGeometry.LevelShift(level);
        if (IsReserved(in e, level, leaf, shift))
        {
            return EntryDecision.Faulted(WalkFaultKind.Translation, WalkFaultDetail.ReservedEncoding);
        }

        var controls = (Controls)accumulator;
        controls &= (e.ReadWrite ? Controls.Writable : 0) | (e.UserSupervisor ? Controls.User : 0) | Controls.ExecuteDisable;
        controls |= e.ExecuteDisable ? Controls.ExecuteDisable : 0;
        accumulator = (ulong)controls;
        if (!leaf)
        {
            return EntryDecision.Table(e.Address);
        }

        var user = (controls & Controls.User) != 0;
        var permissions = Permissions((controls & Controls.Writable) != 0, user, (controls & Controls.ExecuteDisable) != 0);
        var denied = Check(permissions, user, in access);
        return denied != WalkFaultDetail.None
            ? EntryDecision.Faulted(WalkFaultKind.Permission, denied)
            : EntryDecision.Leaf(e.Address & ~((1UL << shift) - 1), shift, permissions, e.Global);
    }

    /// <inheritdoc/>
    public ulong Update(ulong entry, in EntryDecision decision, in WalkAccess access)
    {
        var e = new FirstStagePageTableEntry(entry);
        e.Accessed = true;
        e.ExtendedAccessed |= _config.ExtendedAccessedEnabled;
        e.Dirty |= decision.Kind == EntryKind.Leaf && access.IsWrite;
        return e.Word;
    }

    /// <inheritdoc/>
    public bool IsDirty(ulong leaf) => new FirstStagePageTableEntry(leaf).Dirty;

    /// <summary>What a leaf reached through these accumulated controls allows, per privilege.</summary>
    private WalkPermissions Permissions(bool writable, bool user, bool executeDisable)
    {
        var permissions = WalkPermissions.PrivilegedRead;
        permissions |= writable || !_config.WriteProtectEnabled ? WalkPermissions.PrivilegedWrite : 0;
        permissions |= !executeDisable && !(_config.SupervisorExecutePrevention && user) ? WalkPermissions.PrivilegedExecute : 0;
        if (user)
        {
            permissions |= WalkPermissions.UnprivilegedRead;
            permissions |= writable ? WalkPermissions.UnprivilegedWrite : 0;
            permissions |= !executeDisable ? WalkPermissions.UnprivilegedExecute : 0;
        }

        return permissions;
    }

    /// <summary>The fault a request meets against <paramref name="permissions"/>: U/S first, then the data access, then execute (as QEMU).</summary>
    private static WalkFaultDetail Check(WalkPermissions permissions, bool user, in WalkAccess access)
    {
        if (!access.Privileged && !user)
        {
            return WalkFaultDetail.PrivilegeDenied;
        }

        var write = access.IsWrite;
        var needed = write
            ? (access.Privileged ? WalkPermissions.PrivilegedWrite : WalkPermissions.UnprivilegedWrite)
            : (access.Privileged ? WalkPermissions.PrivilegedRead : WalkPermissions.UnprivilegedRead);
        if ((permissions & needed) == 0)
        {
            return write ? WalkFaultDetail.WriteDenied : WalkFaultDetail.ReadDenied;
        }

        var execute = access.Privileged ? WalkPermissions.PrivilegedExecute : WalkPermissions.UnprivilegedExecute;
        return access.Execute && (permissions & execute) == 0 ? WalkFaultDetail.ExecuteDenied : WalkFaultDetail.None;
    }

    /// <summary>The reserved-bit checks of an entry (QEMU vtd_fpte_rsvd / vtd_fpte_rsvd_large).</summary>
    private bool IsReserved(in FirstStagePageTableEntry e, int level, bool leaf, int shift)
    {
        if ((e.Address & _addressHigh) != 0)
        {
            return true;
        }

        if (!leaf)
        {
            return level >= 4 && e.PageSize;
        }

        if (level == 3 && !_config.LargePages1G)
        {
            return true;
        }

        // In a large leaf the lowest address bit is PAT; the address bits between it and the page size are reserved.
        var below = ((1UL << shift) - 1) & ~(1UL << VtdPagingGeometry.PageShift);
        return level >= 2 && (e.Address & below) != 0;
    }
}
