using System;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// What a remapping unit implements, as data: the fields of CAP_REG and ECAP_REG the model honours, plus the host
/// address width. The defaults turn everything on: scalable mode, legacy mode, 3/4/5-level second stage, 4/5-level
/// first stage, nested translation, 20-bit PASIDs, 2 MiB and 1 GiB pages, eight fault-recording registers.
/// </summary>
/// <remarks>
/// Register offsets follow QEMU (hw/i386/intel_iommu_internal.h): the IOTLB registers at 0xF0 (ECAP.IRO = 0xF) and
/// the fault-recording registers from 0x220 (CAP.FRO = 0x22); QEMU has one, this model <see cref="FaultRecordingRegisters"/>.
/// </remarks>
public sealed record VtdCapabilities
{
    /// <summary>CAP.ND: 2^(4 + 2·ND) domain ids (QEMU: 6, 64 Ki domains).</summary>
    public int NumberOfDomainsEncoding { get; init; } = 6;

    /// <summary>CAP.SAGAW: bit n set = AW n (n + 2 second-stage levels) supported. Default 3, 4 and 5 levels.</summary>
    public int SupportedAdjustedGuestAddressWidths { get; init; } = 0b01110;

    /// <summary>Maximum guest address width in bits (CAP.MGAW + 1); second-stage inputs at or above it fault.</summary>
    public int MaximumGuestAddressWidth { get; init; } = 57;

    /// <summary>Host address width: table pointers and page addresses must lie below 2^HAW (bits above are reserved).</summary>
    public int HostAddressWidth { get; init; } = 48;

    /// <summary>Number of fault-recording registers (CAP.NFR + 1), 1..256.</summary>
    public int FaultRecordingRegisters { get; init; } = 8;

    /// <summary>CAP.FRO: fault-recording registers at FRO·16 bytes.</summary>
    public int FaultRecordingOffset16 { get; init; } = 0x22;

    /// <summary>CAP.SLLPS bit 0: second-stage 2 MiB pages.</summary>
    public bool SecondStage2MPages { get; init; } = true;

    /// <summary>CAP.SLLPS bit 1: second-stage 1 GiB pages.</summary>
    public bool SecondStage1GPages { get; init; } = true;

    /// <summary>CAP.PSI: page-selective IOTLB invalidation.</summary>
    public bool PageSelectiveInvalidation { get; init; } = true;

    /// <summary>CAP.MAMV: largest address mask of a page-selective invalidation (QEMU 18).</summary>
    public int MaximumAddressMaskValue { get; init; } = 18;

    /// <summary>CAP.FS1GP: first-stage 1 GiB pages.</summary>
    public bool FirstStage1GPages { get; init; } = true;

    /// <summary>CAP.FS5LP: first-stage 5-level paging (FSPM = 1).</summary>
    public bool FirstStage5Level { get; init; } = true;

    /// <summary>CAP.ESRTPS: SRTP also invalidates the context, PASID and IOTLB caches.</summary>
    public bool EnhancedSetRootTablePointer { get; init; } = true;

    /// <summary>CAP.CM: caching mode (not modelled beyond the bit: faults are never cached).</summary>
    public bool CachingMode { get; init; }

    /// <summary>ECAP.QI: queued invalidation.</summary>
    public bool QueuedInvalidation { get; init; } = true;

    /// <summary>ECAP.DT: device-TLB (legacy TT = 1; TM allowed in second-stage leaves).</summary>
    public bool DeviceTlb { get; init; } = true;

    /// <summary>ECAP.IR: interrupt remapping (IRTA_REG, GCMD.SIRTP/IRE/CFI, interrupt-entry-cache invalidation).</summary>
    public bool InterruptRemapping { get; init; } = true;

    /// <summary>ECAP.EIM: extended interrupt mode, IRTA.EIME (x2APIC destination ids); needs <see cref="InterruptRemapping"/>.</summary>
    public bool ExtendedInterruptMode { get; init; } = true;

    /// <summary>CAP.PI: posted interrupts (IRTE IM = 1); needs <see cref="InterruptRemapping"/>.</summary>
    public bool PostedInterrupts { get; init; } = true;

    /// <summary>ECAP.MHMV: largest index mask of an index-selective interrupt-entry-cache invalidation (QEMU VTD_MHMV 0xF).</summary>
    public int MaximumHandleMaskValue { get; init; } = 15;

    /// <summary>ECAP.PT: pass-through (legacy TT = 2, PGTT = 4).</summary>
    public bool PassThrough { get; init; } = true;

    /// <summary>ECAP.SC: snoop control (SNP allowed in legacy second-stage leaves).</summary>
    public bool SnoopControl { get; init; } = true;

    /// <summary>ECAP.IRO: IOTLB registers at IRO·16 bytes.</summary>
    public int IotlbRegisterOffset16 { get; init; } = 0xF;

    /// <summary>ECAP.NEST: nested translation (PGTT = 3).</summary>
    public bool Nested { get; init; } = true;

    /// <summary>ECAP.PRS: page requests (advertised; page requests themselves are not modelled).</summary>
    public bool PageRequests { get; init; } = true;

    /// <summary>ECAP.ERS: execute requests (PASID entry ERE).</summary>
    public bool ExecuteRequests { get; init; } = true;

    /// <summary>ECAP.SRS: supervisor requests (PASID entry SRE).</summary>
    public bool SupervisorRequests { get; init; } = true;

    /// <summary>ECAP.EAFS: extended accessed flag (PASID entry EAFE).</summary>
    public bool ExtendedAccessedFlag { get; init; } = true;

    /// <summary>PASID width in bits (ECAP.PSS + 1), 1..20.</summary>
    public int PasidBits { get; init; } = 20;

    /// <summary>ECAP.PASID: requests with PASID.</summary>
    public bool Pasid { get; init; } = true;

    /// <summary>ECAP.PDS: page-request drain (the wait descriptor's PD).</summary>
    public bool PageRequestDrain { get; init; } = true;

    /// <summary>ECAP.SMTS: scalable-mode translation.</summary>
    public bool ScalableMode { get; init; } = true;

    /// <summary>ECAP.SSADS: second-stage accessed/dirty (PASID entry SSADE).</summary>
    public bool SecondStageAccessedDirty { get; init; } = true;

    /// <summary>ECAP.SSTS: second-stage translation in scalable mode.</summary>
    public bool SecondStageTranslation { get; init; } = true;

    /// <summary>ECAP.FSTS: first-stage translation.</summary>
    public bool FirstStageTranslation { get; init; } = true;

    /// <summary>ECAP.RPS: RID_PASID (a non-zero context RID_PASID).</summary>
    public bool RidPasid { get; init; } = true;

    /// <summary>ECAP.ADMS: abort-DMA mode (RTADDR.TTM = 3).</summary>
    public bool AbortDmaMode { get; init; } = true;

    /// <summary>Byte offset of the fault-recording registers.</summary>
    public int FaultRecordingByteOffset => FaultRecordingOffset16 * 16;

    /// <summary>Byte offset of IVA_REG (IOTLB_REG follows at +8).</summary>
    public int IotlbRegisterByteOffset => IotlbRegisterOffset16 * 16;

    /// <summary>True when AW <paramref name="aw"/> (aw + 2 levels) is in SAGAW.</summary>
    public bool SupportsAddressWidth(int aw) => aw is >= 0 and <= 4 && (SupportedAdjustedGuestAddressWidths & (1 << aw)) != 0;

    /// <summary>Checks the values against their register fields; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        Check(NumberOfDomainsEncoding is >= 0 and <= 6, nameof(NumberOfDomainsEncoding), "0..6");
        Check(SupportedAdjustedGuestAddressWidths is >= 0 and <= 15, nameof(SupportedAdjustedGuestAddressWidths), "a mask of AW 0..3 (2 to 5 levels)");
        Check(MaximumGuestAddressWidth is >= 21 and <= 64, nameof(MaximumGuestAddressWidth), "21..64");
        Check(HostAddressWidth is >= 32 and <= 52, nameof(HostAddressWidth), "32..52");
        Check(FaultRecordingRegisters is >= 1 and <= 256, nameof(FaultRecordingRegisters), "1..256");
        Check(FaultRecordingOffset16 is >= 0x10 and <= 0x3FF, nameof(FaultRecordingOffset16), "0x10..0x3FF");
        Check(IotlbRegisterOffset16 is >= 0xC and <= 0x3FF, nameof(IotlbRegisterOffset16), "0xC..0x3FF");
        Check(MaximumAddressMaskValue is >= 0 and <= 63, nameof(MaximumAddressMaskValue), "0..63");
        Check(PasidBits is >= 1 and <= 20, nameof(PasidBits), "1..20");
        Check(MaximumHandleMaskValue is >= 0 and <= 15, nameof(MaximumHandleMaskValue), "0..15");
        Check(InterruptRemapping || !ExtendedInterruptMode, nameof(ExtendedInterruptMode), "false without InterruptRemapping (ECAP.EIM needs ECAP.IR)");
        Check(InterruptRemapping || !PostedInterrupts, nameof(PostedInterrupts), "false without InterruptRemapping (CAP.PI needs ECAP.IR)");
        var iro = IotlbRegisterByteOffset;
        var fro = FaultRecordingByteOffset;
        var froEnd = fro + (16 * FaultRecordingRegisters);
        Check(iro + 16 <= fro || iro >= froEnd, nameof(IotlbRegisterOffset16), "registers that do not overlap the fault-recording registers");
        Check(iro >= 0xC0 && fro >= 0xC0, nameof(FaultRecordingOffset16), "offsets above the architectural registers (0xC0)");
    }

    /// <summary>CAP_REG as the unit reports it.</summary>
    public CapabilityRegister ToCapabilityRegister() => new()
    {
        NumberOfDomains = (byte)NumberOfDomainsEncoding,
        CachingMode = CachingMode,
        SupportedAdjustedGuestAddressWidths = (byte)SupportedAdjustedGuestAddressWidths,
        MaximumGuestAddressWidth = (byte)(MaximumGuestAddressWidth - 1),
        FaultRecordingOffset = (ushort)FaultRecordingOffset16,
        SecondStageLargePageSupport = (byte)((SecondStage2MPages ? 1 : 0) | (SecondStage1GPages ? 2 : 0)),
        PageSelectiveInvalidation = PageSelectiveInvalidation,
        NumberOfFaultRecordingRegisters = (byte)(FaultRecordingRegisters - 1),
        MaximumAddressMaskValue = (byte)MaximumAddressMaskValue,
        FirstStage1GPages = FirstStage1GPages,
        FirstStage5LevelPaging = FirstStage5Level,
        PostedInterrupts = PostedInterrupts,
        EnhancedSetRootTablePointer = EnhancedSetRootTablePointer,
    };

    /// <summary>ECAP_REG as the unit reports it.</summary>
    public ExtendedCapabilityRegister ToExtendedCapabilityRegister() => new()
    {
        QueuedInvalidation = QueuedInvalidation,
        DeviceTlb = DeviceTlb,
        InterruptRemapping = InterruptRemapping,
        ExtendedInterruptMode = ExtendedInterruptMode,
        MaximumHandleMaskValue = (byte)(InterruptRemapping ? MaximumHandleMaskValue : 0),
        PassThrough = PassThrough,
        SnoopControl = SnoopControl,
        IotlbRegisterOffset = (ushort)IotlbRegisterOffset16,
        Nested = Nested,
        PageRequests = PageRequests,
        ExecuteRequests = ExecuteRequests,
        SupervisorRequests = SupervisorRequests,
        ExtendedAccessedFlag = ExtendedAccessedFlag,
        PasidSizeSupported = (byte)(PasidBits - 1),
        Pasid = Pasid,
        PageRequestDrain = PageRequestDrain,
        ScalableMode = ScalableMode,
        SecondStageAccessedDirty = SecondStageAccessedDirty,
        SecondStageTranslation = SecondStageTranslation,
        FirstStageTranslation = FirstStageTranslation,
        RidPasid = RidPasid,
        AbortDmaMode = AbortDmaMode,
    };

    private static void Check(bool ok, string name, string expected)
    {
        if (!ok)
        {
            throw new ArgumentException($"VtdCapabilities.{name} must be {expected}.", name);
        }
    }
}
