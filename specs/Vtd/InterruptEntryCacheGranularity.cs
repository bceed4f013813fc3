namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Granularity of an interrupt-entry-cache invalidation (G, bit 4; Linux <c>QI_IEC_SELECTIVE</c> = bit 4 set).
/// QEMU's bitfield comment says the opposite ("if set, it's global") but its code agrees with Linux.
/// </summary>
public enum InterruptEntryCacheGranularity : byte
{
    /// <summary>Every cached interrupt-remapping entry.</summary>
    Global = 0,

    /// <summary>The 2^IM entries starting at IIDX.</summary>
    IndexSelective = 1,
}
