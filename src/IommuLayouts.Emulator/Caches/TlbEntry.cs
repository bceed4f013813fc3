using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Caches;

/// <summary>
/// A cached translation and what the architecture lets it be invalidated by: VMID, ASID (unless global), the input
/// range it covers (base and size), its level and granule (for TTL/TG-hinted invalidation). <typeparamref name="TValue"/>
/// is whatever the device needs on a hit (usually a <see cref="WalkResult"/>).
/// </summary>
public readonly struct TlbEntry<TValue>
    where TValue : struct
{
    /// <summary>An entry covering the <c>2^pageShift</c>-byte region of <paramref name="input"/>.</summary>
    public TlbEntry(TlbInputKind kind, int vmid, int asid, bool global, ulong input, int pageShift, int level, TranslationGranule granule, TValue value)
    {
        System.ArgumentOutOfRangeException.ThrowIfLessThan(pageShift, 12);
        System.ArgumentOutOfRangeException.ThrowIfGreaterThan(pageShift, 52);
        Kind = kind;
        Vmid = vmid;
        Asid = kind == TlbInputKind.IntermediateAddress ? -1 : asid;
        Global = kind == TlbInputKind.VirtualAddress && global;
        InputBase = input & ~((1UL << pageShift) - 1);
        PageShift = pageShift;
        Level = level;
        Granule = granule;
        Value = value;
    }

    /// <summary>VA or IPA entry.</summary>
    public TlbInputKind Kind { get; }

    /// <summary>The VMID tag (−1 when the device has no stage 2).</summary>
    public int Vmid { get; }

    /// <summary>The ASID tag (−1 for IPA entries); ignored on lookup when <see cref="Global"/>.</summary>
    public int Asid { get; }

    /// <summary>A global translation (stage-1 nG = 0): matches every ASID of its VMID.</summary>
    public bool Global { get; }

    /// <summary>First input address covered.</summary>
    public ulong InputBase { get; }

    /// <summary>log2 of the covered size.</summary>
    public int PageShift { get; }

    /// <summary>Level of the leaf (TTL hint match).</summary>
    public int Level { get; }

    /// <summary>Granule of the walk that produced it (TG hint match).</summary>
    public TranslationGranule Granule { get; }

    /// <summary>The cached payload.</summary>
    public TValue Value { get; }

    /// <summary>True when <c>[start, start + size)</c> overlaps the entry's range.</summary>
    public bool Overlaps(ulong start, ulong size)
    {
        var last = InputBase + ((1UL << PageShift) - 1);
        var end = size == 0 ? start : start + (size - 1);
        return start <= last && end >= InputBase;
    }
}
