using System;
using IommuLayouts.Emulator.Caches;
using IommuLayouts.Specs.Smmuv3;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// What an <see cref="Smmuv3Device"/> implements, as data: the fields of SMMU_IDR0/1/3/5 the model acts on, plus the cache
/// policies. <see cref="Default"/> enables every feature the model implements.
/// </summary>
/// <remarks>
/// <para>Field names are the IDR field names (Arm IHI 0070 §6.3.1–6.3.6; Linux arm-smmu-v3.h IDR0_*/IDR1_*/IDR3_*/IDR5_*).</para>
/// <para>Not modelled, so always reported as absent: AArch32 translation tables (IDR0.TTF = 2, AArch64 only; a CD with
/// AA64 = 0 or an STE with S2AA64 = 0 is C_BAD_CD / C_BAD_STE), stalls
/// (STALL_MODEL = 1, terminate only), EL2/E2H streams (HYP = 0), PRI, ATOS, Secure state, big-endian walks (TTENDIAN =
/// little-endian only). OAS defaults to 48 bits (QEMU advertises 44; 52-bit output needs the 64 KB granule and the walker
/// caps 4 KB/16 KB walks at 48 bits).</para>
/// </remarks>
public sealed record Smmuv3Capabilities
{
    /// <summary>Every feature the model implements: both stages, 2-level stream and CD tables, 16-bit ASID/VMID, range invalidation, 48-bit OAS.</summary>
    public static Smmuv3Capabilities Default { get; } = new();

    /// <summary>IDR0.S1P: stage-1 translation.</summary>
    public bool Stage1 { get; init; } = true;

    /// <summary>IDR0.S2P: stage-2 translation.</summary>
    public bool Stage2 { get; init; } = true;

    /// <summary>IDR0.ST_LEVEL = 1: 2-level stream tables.</summary>
    public bool TwoLevelStreamTable { get; init; } = true;

    /// <summary>IDR0.CD2L: 2-level context-descriptor tables.</summary>
    public bool TwoLevelCdTable { get; init; } = true;

    /// <summary>IDR0.ASID16: 16-bit ASIDs (otherwise 8).</summary>
    public bool Asid16 { get; init; } = true;

    /// <summary>IDR0.VMID16: 16-bit VMIDs (otherwise 8).</summary>
    public bool Vmid16 { get; init; } = true;

    /// <summary>IDR0.MSI: CMD_SYNC (and GERROR/EVENTQ) completion by message-signalled write.</summary>
    public bool Msi { get; init; } = true;

    /// <summary>IDR0.SEV: CMD_SYNC completion by a WFE wake-up event.</summary>
    public bool Sev { get; init; } = true;

    /// <summary>IDR0.ATS: ATS translated transactions (STE.EATS).</summary>
    public bool Ats { get; init; } = true;

    /// <summary>
    /// IDR0.HTTU: hardware translation-table updates, 0 none, 1 the Access flag (CD.HA, STE.S2HA), 2 the Access flag and
    /// dirty state (also CD.HD, STE.S2HD). A CD or STE asking for more than this is C_BAD_CD / C_BAD_STE, as QEMU decode_cd
    /// and decode_ste refuse HA/HD when they implement none.
    /// </summary>
    public int HardwareTableUpdate { get; init; } = 2;

    /// <summary>IDR0.COHACC: coherent table and queue access.</summary>
    public bool CoherentAccess { get; init; } = true;

    /// <summary>IDR1.SIDSIZE: StreamID bits (0..32).</summary>
    public int StreamIdBits { get; init; } = 16;

    /// <summary>IDR1.SSIDSIZE: SubstreamID bits (0..20).</summary>
    public int SubstreamIdBits { get; init; } = 20;

    /// <summary>IDR1.CMDQS: log2 of the largest command queue (0..19).</summary>
    public int CommandQueueLog2Size { get; init; } = 19;

    /// <summary>IDR1.EVENTQS: log2 of the largest event queue (0..19).</summary>
    public int EventQueueLog2Size { get; init; } = 19;

    /// <summary>
    /// IDR1.ATTR_PERMS_OVR: STE.PRIVCFG and STE.INSTCFG override the privilege and instruction/data attribute of the
    /// stream's transactions. Off by default, as in QEMU's IDR1 (without it the fields are RES0 and ignored).
    /// </summary>
    public bool AttributePermissionsOverride { get; init; }

    /// <summary>IDR3.RIL: range invalidation (TLBI NUM/SCALE/TG/TTL).</summary>
    public bool RangeInvalidation { get; init; } = true;

    /// <summary>IDR3.HAD: CD.HAD0/HAD1 (hierarchical attributes disable).</summary>
    public bool HierarchicalAttributeDisable { get; init; } = true;

    /// <summary>IDR3.XNX: stage-2 XN[1:0] split by privilege.</summary>
    public bool ExtendedExecuteNever { get; init; } = true;

    /// <summary>IDR3.FWB: STE.S2FWB.</summary>
    public bool ForcedWriteBack { get; init; } = true;

    /// <summary>IDR5.OAS: output address size in bits (32, 36, 40, 42, 44, 48 or 52).</summary>
    public int OutputAddressBits { get; init; } = 48;

    /// <summary>IDR5.GRAN4K.</summary>
    public bool Granule4K { get; init; } = true;

    /// <summary>IDR5.GRAN16K.</summary>
    public bool Granule16K { get; init; } = true;

    /// <summary>IDR5.GRAN64K.</summary>
    public bool Granule64K { get; init; } = true;

    /// <summary>Cache of decoded STE/CD configurations (per StreamID and SubstreamID).</summary>
    public CachePolicy ConfigCachePolicy { get; init; } = CachePolicy.Bounded(1024);

    /// <summary>Translation cache.</summary>
    public CachePolicy TlbPolicy { get; init; } = CachePolicy.Bounded(4096);

    /// <summary>The IDR5.OAS encoding of <see cref="OutputAddressBits"/>.</summary>
    public AddressSize OasEncoding => OutputAddressBits switch
    {
        32 => AddressSize.Bits32,
        36 => AddressSize.Bits36,
        40 => AddressSize.Bits40,
        42 => AddressSize.Bits42,
        44 => AddressSize.Bits44,
        48 => AddressSize.Bits48,
        _ => AddressSize.Bits52,
    };

    /// <summary>Throws <see cref="ArgumentException"/> for values no SMMU can advertise.</summary>
    public void Check()
    {
        if (StreamIdBits is < 0 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(StreamIdBits), StreamIdBits, "SIDSIZE is 0..32.");
        }

        if (SubstreamIdBits is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(SubstreamIdBits), SubstreamIdBits, "SSIDSIZE is 0..20.");
        }

        if (CommandQueueLog2Size is < 1 or > 19 || EventQueueLog2Size is < 0 or > 19)
        {
            throw new ArgumentOutOfRangeException(nameof(CommandQueueLog2Size), "CMDQS is 1..19 and EVENTQS 0..19.");
        }

        if (HardwareTableUpdate is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(HardwareTableUpdate), HardwareTableUpdate, "HTTU is 0 (none), 1 (access flag) or 2 (access flag and dirty state).");
        }

        if (OutputAddressBits is not (32 or 36 or 40 or 42 or 44 or 48 or 52))
        {
            throw new ArgumentOutOfRangeException(nameof(OutputAddressBits), OutputAddressBits, "OAS is one of 32, 36, 40, 42, 44, 48, 52.");
        }

        if (!Granule4K && !Granule16K && !Granule64K)
        {
            throw new ArgumentException("At least one translation granule must be supported.", nameof(Granule4K));
        }

        if (!Stage1 && !Stage2)
        {
            throw new ArgumentException("At least one translation stage must be supported.", nameof(Stage1));
        }
    }

    /// <summary>SMMU_IDR0.</summary>
    public Idr0 Idr0 => new()
    {
        S2P = Stage2,
        S1P = Stage1,
        TTF = 2,
        COHACC = CoherentAccess,
        HTTU = (byte)HardwareTableUpdate,
        ATS = Ats,
        ASID16 = Asid16,
        MSI = Msi,
        SEV = Sev,
        VMID16 = Vmid16,
        CD2L = TwoLevelCdTable,
        TTENDIAN = 2,
        STALL_MODEL = 1,
        TERM_MODEL = true,
        ST_LEVEL = (byte)(TwoLevelStreamTable ? 1 : 0),
    };

    /// <summary>SMMU_IDR1.</summary>
    public Idr1 Idr1 => new()
    {
        SIDSIZE = (byte)StreamIdBits,
        SSIDSIZE = (byte)SubstreamIdBits,
        EVENTQS = (byte)EventQueueLog2Size,
        CMDQS = (byte)CommandQueueLog2Size,
        ATTR_PERMS_OVR = AttributePermissionsOverride,
    };

    /// <summary>SMMU_IDR3.</summary>
    public Idr3 Idr3 => new()
    {
        HAD = HierarchicalAttributeDisable,
        XNX = ExtendedExecuteNever && Stage2,
        FWB = ForcedWriteBack && Stage2,
        RIL = RangeInvalidation,
    };

    /// <summary>SMMU_IDR5.</summary>
    public Idr5 Idr5 => new()
    {
        OAS = OasEncoding,
        GRAN4K = Granule4K,
        GRAN16K = Granule16K,
        GRAN64K = Granule64K,
    };
}
