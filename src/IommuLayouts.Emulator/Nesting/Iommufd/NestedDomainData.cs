using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Emulator.Nesting.Vtd;

namespace IommuLayouts.Emulator.Nesting.Iommufd;

/// <summary>
/// The vendor data of IOMMU_HWPT_ALLOC for a nested domain: its type and the structure of that type (the SMMUv3 guest
/// STE words, or the VT-d stage-1 table with its flags and width). Build it with <see cref="ArmSmmuv3"/> or <see cref="VtdS1"/>.
/// </summary>
public sealed record NestedDomainData
{
    private NestedDomainData(HwptDataType type) => Type = type;

    /// <summary>The data type (<c>data_type</c>).</summary>
    public HwptDataType Type { get; }

    /// <summary>SMMUv3: <c>ste[0..1]</c>.</summary>
    public Smmuv3GuestSte? Smmuv3 { get; private init; }

    /// <summary>VT-d: <c>flags</c> and <c>addr_width</c>.</summary>
    public VtdGuestStage1? Vtd { get; private init; }

    /// <summary>VT-d: <c>pgtbl_addr</c>, the guest-physical address of the first-stage root.</summary>
    public ulong PageTableAddress { get; private init; }

    /// <summary><c>struct iommu_hwpt_arm_smmuv3 { ste[2] }</c>.</summary>
    public static NestedDomainData ArmSmmuv3(ulong ste0, ulong ste1) => new(HwptDataType.ArmSmmuv3) { Smmuv3 = new Smmuv3GuestSte(ste0, ste1) };

    /// <summary><c>struct iommu_hwpt_vtd_s1 { flags, pgtbl_addr, addr_width }</c>.</summary>
    public static NestedDomainData VtdS1(ulong pageTableAddress, uint flags = 0, int addressWidth = 48) =>
        new(HwptDataType.VtdS1) { PageTableAddress = pageTableAddress, Vtd = new VtdGuestStage1(flags, addressWidth) };

    /// <summary>The configuration the nesting host binds: the vendor data in the seed's form.</summary>
    internal GuestStage1Config ToConfig() => Type == HwptDataType.ArmSmmuv3
        ? GuestStage1Config.ForSmmuv3(Smmuv3!.Value.Word0, Smmuv3.Value.Word1)
        : GuestStage1Config.ForVtd(PageTableAddress, GuestStage1Mode.Translate, Vtd!.Value.Flags, Vtd.Value.AddressWidth);
}
