using System.Runtime.CompilerServices;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// VT-d second-stage tables (3, 4 or 5 levels of 512 entries; 4 KiB pages, 2 MiB and 1 GiB large pages) as a
/// walk-engine format over the generated <see cref="SecondStagePageTableEntry"/>. Entries have no present bit: R and W
/// (and X with SSEE) are intersected at every level and a request whose right disappears faults at that level (QEMU
/// vtd_iova_to_sspte); reserved bits follow QEMU's vtd_spte_rsvd / vtd_spte_rsvd_large; with SSADE, A is set in every
/// entry walked and D in a written leaf.
/// </summary>
public readonly struct VtdSecondStageFormat : IPageTableFormat
{
    private static readonly ulong AddressMask = SecondStagePageTableEntry.Layout.FindField(nameof(SecondStagePageTableEntry.Address))!.WordMask;

    private readonly VtdSecondStageConfig _config;
    private readonly ulong _addressHigh;

    /// <summary>The format of the tables <paramref name="config"/> describes.</summary>
    public VtdSecondStageFormat(in VtdSecondStageConfig config)
    {
        _config = config;

        // Address bits from the host address width up are reserved in every entry.
        _addressHigh = AddressMask & ~((1UL << config.HostAddressWidth) - 1);
    }

    [System.Flags]
    private enum Rights : byte
    {
        None = 0,
        Read = 1,
        Write = 2,
        Execute = 4,
    }

    /// <inheritdoc/>
    public TranslationStage Stage => TranslationStage.Stage2;

    /// <inheritdoc/>
    public TraceDescriptorFormat TraceFormat => TraceDescriptorFormat.VtdSecondStage;

    /// <inheritdoc/>
    public int StartLevel => _config.Levels;

    /// <inheritdoc/>
    public ulong StartTable => _config.TableBase;

    /// <inheritdoc/>
    public ulong InitialAccumulator => (ulong)(Rights.Read | Rights.Write | Rights.Execute);

    /// <inheritdoc/>
    public EntryDecision CheckInput(ulong input) =>
        _config.InputWidth < 64 && (input >> _config.InputWidth) != 0
            ? EntryDecision.Faulted(WalkFaultKind.Translation, WalkFaultDetail.InputOutOfRange)
            : default;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong EntryIndex(ulong input, int level) => VtdPagingGeometry.Index(input, level);

    /// <inheritdoc/>
    public int NextLevel(int level) => level - 1;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EntryDecision Decode(ulong entry, int level, ref ulong accumulator, in WalkAccess access)
    {
        var e = new SecondStagePageTableEntry(entry);
        var rights = (Rights)accumulator & ((e.Readable ? Rights.Read : 0) | (e.Writable ? Rights.Write : 0) | (e.Executable ? Rights.Execute : 0));
        accumulator = (ulong)rights;
        var needed = access.IsWrite ? Rights.Write : Rights.Read;
        if ((rights & needed) == 0 || (access.Execute && _config.ExecuteEnabled && (rights & Rights.Execute) == 0))
        {
            var denied = access.IsWrite ? WalkFaultDetail.WriteDenied : (rights & Rights.Read) == 0 ? WalkFaultDetail.ReadDenied : WalkFaultDetail.ExecuteDenied;
            return EntryDecision.Faulted(WalkFaultKind.Permission, denied);
        }

        var leaf = VtdPagingGeometry.IsLeaf(level, e.PageSize);
        var shift = VtdPagingGeometry.LevelShift(level);
        if (IsReserved(in e, level, leaf, shift))
        {
            return EntryDecision.Faulted(WalkFaultKind.Translation, WalkFaultDetail.ReservedEncoding);
        }

        if (!leaf)
        {
            return EntryDecision.Table(e.Address);
        }

        var permissions = WalkPermissions.None;
        if ((rights & Rights.Read) != 0)
        {
            permissions |= WalkPermissions.PrivilegedRead | WalkPermissions.UnprivilegedRead;
            if (!_config.ExecuteEnabled || (rights & Rights.Execute) != 0)
            {
                permissions |= WalkPermissions.PrivilegedExecute | WalkPermissions.UnprivilegedExecute;
            }
        }

        if ((rights & Rights.Write) != 0)
        {
            permissions |= WalkPermissions.PrivilegedWrite | WalkPermissions.UnprivilegedWrite;
        }

        return EntryDecision.Leaf(e.Address & ~((1UL << shift) - 1), shift, permissions, global: false);
    }

    /// <inheritdoc/>
    public ulong Update(ulong entry, in EntryDecision decision, in WalkAccess access)
    {
        if (!_config.AccessedDirtyEnabled)
        {
            return entry;
        }

        var e = new SecondStagePageTableEntry(entry);
        e.Accessed = true;
        e.Dirty |= decision.Kind == EntryKind.Leaf && access.IsWrite;
        return e.Word;
    }

    /// <inheritdoc/>
    public bool IsDirty(ulong leaf) => !_config.AccessedDirtyEnabled || new SecondStagePageTableEntry(leaf).Dirty;

    /// <summary>The reserved-bit checks of an entry (QEMU vtd_spte_rsvd / vtd_spte_rsvd_large).</summary>
    private bool IsReserved(in SecondStagePageTableEntry e, int level, bool leaf, int shift)
    {
        if ((e.Address & _addressHigh) != 0)
        {
            return true;
        }

        if (!leaf)
        {
            // Non-leaf: SNP and TM reserved; PS is reserved at levels 4 and 5 (at levels 2 and 3 it made the entry a leaf).
            return e.Snoop || e.TransientMapping || (level >= 4 && e.PageSize);
        }

        if ((e.Snoop && !_config.SnoopAllowed) || (e.TransientMapping && !_config.TransientMappingAllowed))
        {
            return true;
        }

        // A large page the unit does not support has PS reserved; one it supports has the address bits below it reserved.
        var supported = level switch
        {
            2 => _config.LargePages2M,
            3 => _config.LargePages1G,
            _ => true,
        };
        return level >= 2 && (!supported || (e.Address & ((1UL << shift) - 1)) != 0);
    }
}
