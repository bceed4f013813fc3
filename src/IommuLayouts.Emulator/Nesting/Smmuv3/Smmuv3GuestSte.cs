using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Emulator.Nesting.Smmuv3;

/// <summary>
/// The SMMUv3 vendor part of a bind: the guest's STE double words 0 and 1, as in iommufd's
/// <c>struct iommu_hwpt_arm_smmuv3 { __aligned_le64 ste[2]; }</c> (include/uapi/linux/iommufd.h).
/// Only the fields of STRTAB_STE_0/1_NESTING_ALLOWED may be set (arm-smmu-v3.h).
/// </summary>
public readonly record struct Smmuv3GuestSte(ulong Word0, ulong Word1)
{
    /// <summary>STRTAB_STE_0_NESTING_ALLOWED: V, Config, S1Fmt, S1ContextPtr, S1CDMax (Linux arm-smmu-v3.h).</summary>
    public static readonly ulong Word0Allowed = Fields(
        nameof(StreamTableEntry.V), nameof(StreamTableEntry.Config), nameof(StreamTableEntry.S1Fmt), nameof(StreamTableEntry.S1ContextPtr),
        nameof(StreamTableEntry.S1CDMax));

    /// <summary>STRTAB_STE_1_NESTING_ALLOWED: S1DSS, S1CIR, S1COR, S1CSH, S1STALLD, EATS (Linux arm-smmu-v3.h).</summary>
    public static readonly ulong Word1Allowed = Fields(
        nameof(StreamTableEntry.S1DSS), nameof(StreamTableEntry.S1CIR), nameof(StreamTableEntry.S1COR), nameof(StreamTableEntry.S1CSH),
        nameof(StreamTableEntry.S1STALLD), nameof(StreamTableEntry.EATS));

    /// <summary>The two words as an STE (the other six words zero), to read their fields.</summary>
    public StreamTableEntry Entry
    {
        get
        {
            var ste = default(StreamTableEntry);
            ste.SetWord(0, Word0);
            ste.SetWord(1, Word1);
            return ste;
        }
    }

    /// <summary>The mask, within its 64-bit word, of the STE fields <paramref name="names"/> (all in one word).</summary>
    internal static ulong Fields(params string[] names)
    {
        var mask = 0UL;
        foreach (var name in names)
        {
            mask |= StreamTableEntry.Layout.FindField(name)!.WordMask;
        }

        return mask;
    }
}
