using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// Which fault reasons are "qualified": not recorded when FPD is set in the context, PASID-directory or PASID
/// entry. QEMU's vtd_qualified_faults[] (hw/i386/intel_iommu.c, reference vtd.md §7 step 4) lists 0x02–0x07, 0x0C,
/// 0x0D, 0x0E, 0x47, 0x51, 0x59, 0x5B, 0x70–0x73, 0x80, 0x81, 0x85, 0x87 and 0x91. This model also raises
/// scalable-mode codes QEMU never raises; each is qualified when its legacy or first-stage counterpart is:
/// 0x41 (as 0x02), 0x43 (as 0x03), 0x5A (spec Rev. 5.10 Table 30 SPT.3: "Yes"), 0x5C, 0x5D (PASID-entry faults, as 0x59/0x5B), 0x74–0x78, 0x7A, 0x7B
/// (nested and second-stage walk faults, as 0x70–0x73 and 0x07/0x0C), 0x82, 0x83, 0x86 (as 0x85 and 0x04).
/// Root, context-table and PASID-directory access or reserved-field faults stay unqualified (always recorded),
/// as 0x01, 0x08–0x0B, 0x50 and 0x58 are. Interrupt-remapping faults: 0x22, 0x24 and 0x26 are qualified by the IRTE's
/// FPD (QEMU vtd_irte_get: "the remaining potential fault conditions are qualified by the Fault Processing Disable bit
/// in the IRTE. Even not present"), and so are the posted-interrupt-descriptor faults 0x27 and 0x28 (VirtualBox
/// DevIommuIntel.cpp vtdIrFaultIsQualified); 0x20, 0x21, 0x23 and 0x25 are not.
/// </summary>
internal static class VtdQualifiedFaults
{
    public static bool IsQualified(FaultReason reason) => (byte)reason switch
    {
        >= 0x02 and <= 0x07 => true,
        0x0C or 0x0D or 0x0E => true,
        0x22 or 0x24 or 0x26 or 0x27 or 0x28 => true,
        0x41 or 0x43 or 0x47 or 0x51 or 0x59 or 0x5A or 0x5B or 0x5C or 0x5D => true,
        >= 0x70 and <= 0x78 => true,
        0x7A or 0x7B => true,
        0x80 or 0x81 or 0x82 or 0x83 or 0x85 or 0x86 or 0x87 or 0x91 => true,
        _ => false,
    };
}
