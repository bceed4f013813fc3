using System.Runtime.CompilerServices;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// What a page-table format makes of one entry: a table (walk on at <see cref="Address"/>), a leaf (the output base
/// <see cref="Address"/> of a region of 2^<see cref="PageShift"/> bytes with <see cref="Permissions"/>), or a fault.
/// </summary>
public readonly struct EntryDecision
{
    private EntryDecision(EntryKind kind, ulong address, int pageShift, WalkPermissions permissions, bool global, WalkFaultKind fault, WalkFaultDetail detail)
    {
        Kind = kind;
        Address = address;
        PageShift = pageShift;
        Permissions = permissions;
        Global = global;
        Fault = fault;
        Detail = detail;
    }

    /// <summary>Table, leaf or fault.</summary>
    public EntryKind Kind { get; }

    /// <summary>The next table's address (table) or the output base, aligned to the region (leaf).</summary>
    public ulong Address { get; }

    /// <summary>log2 of the region a leaf maps.</summary>
    public int PageShift { get; }

    /// <summary>What a leaf allows after every control on the way down.</summary>
    public WalkPermissions Permissions { get; }

    /// <summary>A leaf shared by every address space of its domain (VMSA nG = 0, VT-d first-stage G = 1).</summary>
    public bool Global { get; }

    /// <summary>The fault, for <see cref="EntryKind.Fault"/>.</summary>
    public WalkFaultKind Fault { get; }

    /// <summary>The fault's detail.</summary>
    public WalkFaultDetail Detail { get; }

    /// <summary>A table entry pointing at the next-level table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static EntryDecision Table(ulong next) => new(EntryKind.Table, next, 0, WalkPermissions.None, false, WalkFaultKind.None, WalkFaultDetail.None);

    /// <summary>A leaf mapping 2^<paramref name="pageShift"/> bytes at <paramref name="outputBase"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static EntryDecision Leaf(ulong outputBase, int pageShift, WalkPermissions permissions, bool global) =>
        new(EntryKind.Leaf, outputBase, pageShift, permissions, global, WalkFaultKind.None, WalkFaultDetail.None);

    /// <summary>The walk faults at this entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static EntryDecision Faulted(WalkFaultKind fault, WalkFaultDetail detail = WalkFaultDetail.None) =>
        new(EntryKind.Fault, 0, 0, WalkPermissions.None, false, fault, detail);
}
