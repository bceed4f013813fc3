using System.Runtime.CompilerServices;
using IommuLayouts.Specs.Vmsa;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// What VMSAv8-64 stage 1 and stage 2 walk alike (Arm ARM D8.2, D8.3): the start table (aligned to its size, a
/// concatenated stage-2 start table included), the index of each level, and the shape of a descriptor — invalid, table,
/// block or page, with the next-table and output address-size checks and the Access flag. The stages differ only in
/// what they take from a table descriptor and in a leaf's permissions, which each format reads through its own
/// generated descriptor type.
/// </summary>
/// <remarks>
/// Both stages' descriptors share the valid and type bits (1:0), the address bits and AF (bit 10); the generated
/// <see cref="S1TableDescriptor"/> and <see cref="S1LeafDescriptor"/> read those common bits for both.
/// </remarks>
internal readonly struct Vmsa64Levels
{
    private readonly TranslationGranule _granule;
    private readonly ulong _outputLimit;
    private readonly int _startIndexBits;
    private readonly bool _accessFlagFaultDisabled;
    private readonly bool _physicalAddress52;

    public Vmsa64Levels(
        TranslationGranule granule, int startLevel, int startIndexBits, ulong tableBase, int outputSize, bool accessFlagFaultDisabled, bool physicalAddress52)
    {
        _physicalAddress52 = physicalAddress52;
        _granule = granule;
        _outputLimit = 1UL << outputSize;
        _startIndexBits = startIndexBits;
        _accessFlagFaultDisabled = accessFlagFaultDisabled;
        StartLevel = startLevel;

        // The start table is aligned to its (possibly concatenated) size; lower base bits are ignored.
        StartTable = tableBase & ~((8UL << startIndexBits) - 1);
    }

    public int StartLevel { get; }

    public ulong StartTable { get; }

    /// <summary>A start table at or beyond 2^OAS is an Address size fault before any read.</summary>
    public EntryDecision CheckStartTable() => StartTable >= _outputLimit ? EntryDecision.Faulted(WalkFaultKind.AddressSize) : default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong EntryIndex(ulong input, int level)
    {
        var bits = level == StartLevel ? _startIndexBits : VmsaGeometry.Stride(_granule);
        return (input >> VmsaGeometry.LevelShift(_granule, level)) & ((1UL << bits) - 1);
    }

    /// <summary>
    /// The shape of <paramref name="entry"/> at <paramref name="level"/>: a fault (invalid, reserved encoding, address
    /// size, Access flag, in that priority), a table with its next address, or a leaf with its output base and page
    /// shift and no permissions yet.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public EntryDecision Classify(ulong entry, int level)
    {
        var g = (int)_granule;
        var table = new S1TableDescriptor(entry);
        if (!table.Valid)
        {
            return EntryDecision.Faulted(WalkFaultKind.Translation, WalkFaultDetail.NotPresent);
        }

        if (level < VmsaGeometry.LastLevel && table.Table)
        {
            var next = table.GetNextTableAddress(g) & ~((1UL << g) - 1);
            return next >= _outputLimit ? EntryDecision.Faulted(WalkFaultKind.AddressSize) : EntryDecision.Table(next);
        }

        var leaf = new S1LeafDescriptor(entry);
        if (level == VmsaGeometry.LastLevel ? !leaf.Page : !VmsaGeometry.BlockAllowed(_granule, level, _physicalAddress52))
        {
            return EntryDecision.Faulted(WalkFaultKind.Translation, WalkFaultDetail.ReservedEncoding);
        }

        var shift = VmsaGeometry.LevelShift(_granule, level);
        var output = leaf.GetOutputAddress(g) & ~((1UL << shift) - 1);
        if (output >= _outputLimit)
        {
            return EntryDecision.Faulted(WalkFaultKind.AddressSize);
        }

        return !leaf.AF && !_accessFlagFaultDisabled
            ? EntryDecision.Faulted(WalkFaultKind.AccessFlag)
            : EntryDecision.Leaf(output, shift, WalkPermissions.None, global: false);
    }
}
