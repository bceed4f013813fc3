namespace IommuLayouts.Cli;

/// <summary>
/// What an SMMUv3 event means and what usually causes it. Event numbers are EVT_ID_* of Linux arm-smmu-v3.h
/// (the names are the spec's, as <c>smmuv3.event</c>'s EventID enum has them); the wording is ours.
/// </summary>
internal static class SmmuEvents
{
    public static string Meaning(byte id) => id switch
    {
        0x01 => "unsupported upstream transaction",
        0x02 => "the StreamID is beyond the stream table, or its level-1 descriptor is invalid",
        0x03 => "fetching the STE (or its level-1 descriptor) failed with an external abort",
        0x04 => "the STE is invalid (V clear) or holds an illegal configuration",
        0x05 => "an ATS translation request arrived while ATS is not allowed for the stream",
        0x06 => "the stream is disabled (STE Config selects abort or the stream is not enabled)",
        0x07 => "a translated (ATS) transaction is not permitted for the stream",
        0x08 => "the SubstreamID is beyond the CD table, or its level-1 CD descriptor is invalid",
        0x09 => "fetching the CD (or its level-1 descriptor) failed with an external abort",
        0x0A => "the CD is invalid (V clear) or holds an illegal configuration",
        0x0B => "an external abort on a translation table walk",
        0x10 => "translation fault: no valid descriptor maps the input address",
        0x11 => "address size fault: an input or output address is beyond the configured size",
        0x12 => "access flag fault: the descriptor's AF is clear and hardware update is off",
        0x13 => "permission fault: the descriptor does not allow this access",
        0x20 => "TLB conflict: more than one TLB entry matches",
        0x21 => "configuration cache conflict",
        0x24 => "page request (stall model)",
        0x25 => "fetching a virtual machine structure failed",
        _ => $"event 0x{id:x2} is not an architected event number",
    };

    public static string? Cause(byte id, LayoutInfo layout, ulong[] words)
    {
        var s2 = layout.FindField("S2")?.ReadRaw(words) == 1;
        var stage = s2 ? "stage 2 (the host's IPA mapping)" : "stage 1 (the device's IOVA mapping)";
        return id switch
        {
            0x02 => "the device's StreamID was never given an STE: check the firmware's IORT/iommu-map ids and SMMU_STRTAB_BASE_CFG's size",
            0x03 or 0x09 or 0x0B or 0x25 => "the table's address in memory is wrong or not accessible to the SMMU (FetchAddr names it)",
            0x04 => "no domain was attached to the stream, or the STE's fields break a rule: decode the STE (decode smmuv3.ste) and look at V, Config and the violations",
            0x06 => "the stream is blocked on purpose (detached device, Config = abort): attach a domain before starting DMA",
            0x08 => "the PASID (SubstreamID) was not set up in the CD table, or S1CDMax is too small for it",
            0x0A => "the CD for this PASID is not valid: decode it (decode smmuv3.cd) and look at V and the violations",
            0x10 => $"the address is not mapped at {stage}: DMA after unmap, a missing dma_map call, or a wrong address programmed into the device",
            0x11 => "the address is wider than the table's input size (T0SZ/S2T0SZ) or the output beyond IPS/OAS: check the device's DMA mask",
            0x12 => $"the leaf at {stage} has AF clear and the SMMU does not set it (CD/STE HA clear)",
            0x13 => $"the mapping at {stage} does not allow this access: a write to a read-only mapping, or an instruction fetch from non-executable memory",
            _ => null,
        };
    }
}

/// <summary>
/// What usually causes a VT-d fault reason; the meaning of each code is <see cref="IommuLayouts.Specs.Vtd.FaultReasons"/>
/// (the codes are those of Linux dmar.c's dma_remap_fault_reasons / dma_remap_sm_fault_reasons). The wording is ours.
/// </summary>
internal static class VtdFaults
{
    public static string? Cause(byte reason) => reason switch
    {
        0x01 or 0x39 => "no context table for the device's bus: the bus was never set up, or the root table was replaced",
        0x02 or 0x41 => "the device is not attached to a domain (context entry not present): DMA before attach, or after detach or reset",
        0x03 or 0x0B or 0x42 or 0x43 => "the context entry's fields are invalid: decode it (the dump after the fault prints it) and look at the violations",
        0x04 => "the address is beyond the domain's address width: the device was given an address outside its DMA mask, or a physical address",
        0x05 => "the IOVA is mapped read-only (or not at all for write): DMA into a buffer mapped DMA_TO_DEVICE, or after unmap",
        0x06 => "the IOVA is not mapped for reading: DMA after unmap, a missing dma_map call, or a wrong address programmed into the device",
        0x07 or 0x0C or 0x78 or 0x7A or 0x7B => "a second-stage page-table entry is unreadable or reserved bits are set: page-table memory corruption",
        0x08 or 0x09 or 0x30 or 0x38 or 0x40 => "a table address the unit was given cannot be read: check RTADDR and the table pointers",
        0x45 or 0x46 or 0x51 or 0x59 => "the PASID was not set up for this device (no PASID directory or table entry): bind or attach the PASID first",
        0x58 or 0x5A or 0x5B => "the PASID-table entry is invalid: decode it (the dump after the fault prints it) and look at the violations",
        0x71 => "the address is not mapped at the first stage: DMA after unmap, or a wrong address (SVA: the page is not present)",
        0x79 or 0x85 or 0x86 => "the page's permissions do not allow this access: a write to a read-only mapping or a read from an unmapped one",
        >= 0x20 and <= 0x29 => "interrupt remapping: the interrupt index or IRTE the device used is not set up",
        _ => null,
    };
}
