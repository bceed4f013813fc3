namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// FSPM (first-level paging mode, FLPM), bits 130..131 of a PASID table entry: how many levels the first-stage
/// table has. Encodings 2 and 3 are reserved (QEMU comment on <c>VTD_SM_PASID_ENTRY_FSPM</c>).
/// </summary>
/// <remarks>5-level paging also needs CAP.FS5LP (FL5LP, bit 60): that is the emulator's check.</remarks>
public enum FirstStagePagingMode : byte
{
    /// <summary>4-level paging, 48-bit input addresses (Linux <c>ADDR_WIDTH_4LEVEL</c>).</summary>
    FourLevel = 0,

    /// <summary>5-level paging, 57-bit input addresses (Linux <c>ADDR_WIDTH_5LEVEL</c>, <c>pasid_set_flpm(pte, 1)</c>).</summary>
    FiveLevel = 1,
}
