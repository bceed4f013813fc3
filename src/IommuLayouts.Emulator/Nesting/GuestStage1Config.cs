using IommuLayouts.Emulator.Nesting.Smmuv3;
using IommuLayouts.Emulator.Nesting.Vtd;
using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Emulator.Nesting;

/// <summary>
/// A guest stage-1 configuration to bind, in the seed's vendor-neutral form (LKML 2018-08-24 "bind guest PASID table":
/// <c>pasid_table_config { version, bytes, base_ptr, pasid_bits }</c>, plus <c>format</c>, <c>asid_bits</c> and the
/// abort/bypass/translate choice proposed in that thread) and one vendor part.
/// </summary>
public sealed record GuestStage1Config
{
    /// <summary>PASID_TABLE_CFG_VERSION_1, the only version.</summary>
    public const uint Version1 = 1;

    /// <summary>
    /// The size the seed's structure has for version 1: u32 version, u32 bytes, u64 base_ptr, u8 pasid_bits padded to
    /// 8 bytes (24), plus the vendor part's iommufd structure (SMMUv3 ste[2]: 16; VT-d iommu_hwpt_vtd_s1: 24).
    /// </summary>
    public static uint BytesFor(NestingVendor format) => format == NestingVendor.Smmuv3 ? 40u : 48u;

    /// <summary>Structure version (must be <see cref="Version1"/>).</summary>
    public uint Version { get; init; } = Version1;

    /// <summary>Size of the structure the caller filled (must be <see cref="BytesFor"/> of <see cref="Format"/>).</summary>
    public uint Bytes { get; init; }

    /// <summary>Which IOMMU's table format the guest uses.</summary>
    public NestingVendor Format { get; init; }

    /// <summary>Guest-physical address of the stage-1 table: the CD table (SMMUv3) or the first-stage root (VT-d).</summary>
    public ulong BasePointer { get; init; }

    /// <summary>PASID / SubstreamID bits the guest table covers (SMMUv3: S1CDMax; VT-d: the PASID width the guest uses).</summary>
    public int PasidBits { get; init; }

    /// <summary>ASID bits the guest uses (SMMUv3 only; null for VT-d, which has no ASIDs).</summary>
    public int? AsidBits { get; init; }

    /// <summary>Abort, bypass stage 1, or translate.</summary>
    public GuestStage1Mode Mode { get; init; } = GuestStage1Mode.Translate;

    /// <summary>SMMUv3 part: the guest STE words 0..1.</summary>
    public Smmuv3GuestSte? Smmuv3 { get; init; }

    /// <summary>VT-d part: flags and address width.</summary>
    public VtdGuestStage1? Vtd { get; init; }

    /// <summary>
    /// An SMMUv3 configuration whose seed fields are derived from the guest STE (V/Config → mode, S1ContextPtr → base,
    /// S1CDMax → pasid_bits) as a VMM does when it traps the guest's STE write.
    /// </summary>
    public static GuestStage1Config ForSmmuv3(ulong ste0, ulong ste1, int asidBits = 16)
    {
        var ste = default(StreamTableEntry);
        ste.SetWord(0, ste0);
        ste.SetWord(1, ste1);
        var config = ste.Config;
        return new GuestStage1Config
        {
            Bytes = BytesFor(NestingVendor.Smmuv3),
            Format = NestingVendor.Smmuv3,
            BasePointer = ste.S1ContextPtr,
            PasidBits = ste.S1CDMax,
            AsidBits = asidBits,
            Mode = !ste.V || config == SteConfig.Abort ? GuestStage1Mode.Abort : config == SteConfig.Bypass ? GuestStage1Mode.Bypass : GuestStage1Mode.Translate,
            Smmuv3 = new Smmuv3GuestSte(ste0, ste1),
        };
    }

    /// <summary>A VT-d configuration (iommu_hwpt_vtd_s1 with the seed's fields around it).</summary>
    public static GuestStage1Config ForVtd(ulong firstStageTable, GuestStage1Mode mode = GuestStage1Mode.Translate, uint flags = 0, int addressWidth = 48, int pasidBits = 0) => new()
    {
        Bytes = BytesFor(NestingVendor.IntelVtd),
        Format = NestingVendor.IntelVtd,
        BasePointer = firstStageTable,
        PasidBits = pasidBits,
        Mode = mode,
        Vtd = new VtdGuestStage1(flags, addressWidth),
    };
}
