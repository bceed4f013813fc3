using System.Globalization;

namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Short descriptions of <see cref="FaultReason"/> codes, for logs and decoders. The wording is ours; the meaning
/// of each code is the one Linux prints (drivers/iommu/intel/dmar.c), completed from QEMU and VirtualBox where
/// Linux has no entry.
/// </summary>
public static class FaultReasons
{
    /// <summary>True when <paramref name="code"/> is one of the <see cref="FaultReason"/> codes.</summary>
    public static bool IsDefined(byte code) => DescribeOrNull(code) is not null;

    /// <summary>True for the interrupt-remapping codes (0x20..0x29).</summary>
    public static bool IsInterruptRemapping(byte code) => code is >= 0x20 and <= 0x29 && IsDefined(code);

    /// <summary>True for the scalable-mode codes (0x30 and up).</summary>
    public static bool IsScalableMode(byte code) => code >= 0x30 && IsDefined(code);

    /// <summary>A one-line description of <paramref name="reason"/>.</summary>
    public static string Describe(FaultReason reason) => Describe((byte)reason);

    /// <summary>A one-line description of fault reason <paramref name="code"/>, or "unknown fault reason 0xNN".</summary>
    public static string Describe(byte code) =>
        DescribeOrNull(code) ?? string.Create(CultureInfo.InvariantCulture, $"unknown fault reason 0x{code:X2}");

    private static string? DescribeOrNull(byte code) => code switch
    {
        0x01 => "root entry not present",
        0x02 => "context entry not present",
        0x03 => "context entry invalid",
        0x04 => "address beyond the domain's guest address width",
        0x05 => "write denied by a second-stage entry",
        0x06 => "read denied by a second-stage entry",
        0x07 => "second-stage paging entry unreadable",
        0x08 => "root entry unreadable (bad root-table address)",
        0x09 => "context entry unreadable (bad context-table pointer)",
        0x0A => "reserved bit set in root entry",
        0x0B => "reserved bit set in context entry",
        0x0C => "reserved bit set in second-stage paging entry",
        0x0D => "translation request blocked by the context entry",
        0x0E => "translated address in the interrupt address range",
        0x20 => "reserved field set in remappable interrupt request",
        0x21 => "interrupt index beyond the remapping table",
        0x22 => "interrupt-remapping entry not present",
        0x23 => "interrupt-remapping table unreadable",
        0x24 => "reserved field set in interrupt-remapping entry",
        0x25 => "compatibility-format interrupt blocked",
        0x26 => "interrupt source id failed verification",
        0x27 => "posted-interrupt descriptor unreadable",
        0x28 => "reserved field set in posted-interrupt descriptor",
        0x29 => "untranslated interrupt request without PASID is invalid",
        0x30 => "scalable mode: root-table address invalid",
        0x31 => "scalable mode: request with PASID while TTM selects legacy mode",
        0x32 => "scalable mode: page request while TTM selects legacy mode",
        0x33 => "scalable mode: root-table address condition RTA.4",
        0x38 => "scalable mode: root entry unreadable",
        0x39 => "scalable mode: root entry not present",
        0x3A => "scalable mode: reserved bit set in root entry",
        0x40 => "scalable mode: context entry unreadable",
        0x41 => "scalable mode: context entry not present",
        0x42 => "scalable mode: reserved bit set in context entry",
        0x43 => "scalable mode: context entry invalid",
        0x44 => "scalable mode: translation request with DTE clear in context entry",
        0x45 => "scalable mode: request with PASID with PASIDE clear in context entry",
        0x46 => "scalable mode: PASID beyond the context entry's directory size",
        0x47 => "scalable mode: page request with PRE clear in context entry",
        0x48 => "scalable mode: RID_PASID error in context entry",
        0x50 => "scalable mode: PASID-directory entry unreadable",
        0x51 => "scalable mode: PASID-directory entry not present",
        0x52 => "scalable mode: reserved bit set in PASID-directory entry",
        0x58 => "scalable mode: PASID-table entry unreadable",
        0x59 => "scalable mode: PASID-table entry not present",
        0x5A => "scalable mode: reserved field set in PASID-table entry",
        0x5B => "scalable mode: PASID-table entry invalid",
        0x5C => "scalable mode: execute request with ERE clear in PASID-table entry",
        0x5D => "scalable mode: supervisor request with SRE clear in PASID-table entry",
        0x70 => "scalable mode: first-stage paging entry unreadable",
        0x71 => "scalable mode: first-stage paging entry not present",
        0x72 => "scalable mode: reserved bit set in first-stage paging entry",
        0x73 => "scalable mode: first-stage root entry unreadable",
        0x74 => "scalable mode: nested first-stage table address beyond the second-stage width",
        0x75 => "scalable mode: nested second stage denies reading the first-stage root entry",
        0x76 => "scalable mode: nested second stage denies reading a first-stage entry",
        0x77 => "scalable mode: nested second stage denies writing a first-stage entry",
        0x78 => "scalable mode: second-stage paging entry unreadable",
        0x79 => "scalable mode: second-stage entry denies the access",
        0x7A => "scalable mode: reserved bit set in second-stage paging entry",
        0x7B => "scalable mode: second-stage table pointer invalid",
        0x7C => "scalable mode: second-stage A/D update needed without snooping",
        0x7D => "scalable mode: second-stage condition SSL.6",
        0x80 => "scalable mode: non-canonical first-stage input address",
        0x81 => "scalable mode: user request to a first-stage supervisor page",
        0x82 => "scalable mode: execute permission denied",
        0x83 => "scalable mode: address beyond the hardware's limit",
        0x84 => "scalable mode: second-stage entry address beyond the limit",
        0x85 => "scalable mode: write or atomic operation denied",
        0x86 => "scalable mode: read or atomic operation denied",
        0x87 => "scalable mode: translated address in the interrupt address range",
        0x88 => "scalable mode: general condition SGN.9",
        0x89 => "scalable mode: general condition SGN.10",
        0x90 => "scalable mode: first-stage A/D update needed without snooping",
        0x91 => "scalable mode: first-stage A/D update could not be written",
        _ => null,
    };
}
