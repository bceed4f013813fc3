using IommuLayouts.Specs.Vtd;
using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

/// <summary>Register values QEMU's tests expect or program, and Linux's queue setup.</summary>
public sealed class RegisterGoldenTests
{
    [Fact]
    public void Qemu_modern_capability_register()
    {
        // pbo-linaro/qemu-ci tests/qtest/intel-iommu-test.c (4d934a8d) asserts CAP_MODERN_FIXED1 = VTD_CAP_FRO | VTD_CAP_NFR |
        // VTD_CAP_ND | VTD_CAP_MAMV | VTD_CAP_PSI | VTD_CAP_SLLPS, SAGAW = 39|48 and MGAW = 47. The macros
        // (hw/i386/intel_iommu_internal.h): FRO = DMAR_FRCD_REG_OFFSET (0x220) << 20, NFR = (1 - 1) << 40,
        // ND = (16 - 4) / 2, MAMV = 18 << 48, PSI = 1 << 39, SLLPS = 1 << 34 | 1 << 35, SAGAW_39bit = 0x2 << 8,
        // SAGAW_48bit = 0x4 << 8, MGAW(48) = 47 << 16.
        const ulong cap = (0x220UL << 20) | (0UL << 40) | 6UL | (18UL << 48) | (1UL << 39) | (1UL << 34) | (1UL << 35)
            | (0x2UL << 8) | (0x4UL << 8) | (47UL << 16);
        Assert.Equal(0x0012_008C_222F_0606UL, cap);

        var r = CapabilityRegister.FromWords(new ulong[] { cap });
        Assert.Equal(0x22, r.FaultRecordingOffset); // 0x220 / 16
        Assert.Equal(0, r.NumberOfFaultRecordingRegisters);
        Assert.Equal(6, r.NumberOfDomains);
        Assert.Equal(18, r.MaximumAddressMaskValue);
        Assert.True(r.PageSelectiveInvalidation);
        Assert.Equal(3, r.SecondStageLargePageSupport);
        Assert.Equal(6, r.SupportedAdjustedGuestAddressWidths);
        Assert.True(r.SupportsAddressWidth(1));
        Assert.True(r.SupportsAddressWidth(2));
        Assert.False(r.SupportsAddressWidth(3));
        Assert.Equal(47, r.MaximumGuestAddressWidth);
        Assert.False(r.FirstStage5LevelPaging);
        ViolationAssert.Valid(r.Validate());

        var built = default(CapabilityRegister);
        built.FaultRecordingOffset = 0x22;
        built.NumberOfDomains = 6;
        built.MaximumAddressMaskValue = 18;
        built.PageSelectiveInvalidation = true;
        built.SecondStageLargePageSupport = 3;
        built.SupportedAdjustedGuestAddressWidths = 6;
        built.MaximumGuestAddressWidth = 47;
        Assert.Equal(cap, built.GetWord(0));
    }

    [Fact]
    public void Qemu_modern_extended_capability_register()
    {
        // intel-iommu-test.c ECAP_MODERN_FIXED1 = VTD_ECAP_QI (1 << 1) | VTD_ECAP_IR (1 << 3) | VTD_ECAP_IRO
        // (DMAR_IOTLB_REG_OFFSET 0xF0 << 4) | VTD_ECAP_MHMV (15 << 20) | VTD_ECAP_SMTS (1 << 43) | VTD_ECAP_FLTS (1 << 47).
        const ulong ecap = (1UL << 1) | (1UL << 3) | (0xF0UL << 4) | (15UL << 20) | (1UL << 43) | (1UL << 47);
        Assert.Equal(0x0000_8800_00F0_0F0AUL, ecap);

        var r = ExtendedCapabilityRegister.FromWords(new ulong[] { ecap });
        Assert.True(r.QueuedInvalidation);
        Assert.True(r.InterruptRemapping);
        Assert.Equal(0xF, r.IotlbRegisterOffset);
        Assert.Equal(0xF0, r.IotlbRegisterByteOffset);
        Assert.Equal(15, r.MaximumHandleMaskValue);
        Assert.True(r.ScalableMode);
        Assert.True(r.FirstStageTranslation);
        Assert.False(r.SecondStageTranslation);
        Assert.False(r.Nested);
        ViolationAssert.Valid(r.Validate());

        var built = default(ExtendedCapabilityRegister);
        built.QueuedInvalidation = true;
        built.InterruptRemapping = true;
        built.IotlbRegisterOffset = 0xF;
        built.MaximumHandleMaskValue = 15;
        built.ScalableMode = true;
        built.FirstStageTranslation = true;
        Assert.Equal(ecap, built.GetWord(0));
    }

    [Fact]
    public void Qemu_libqos_programs_rtaddr_iqa_and_gcmd()
    {
        // qos-intel-iommu.c qvtd_program_regs: RTADDR = QVTD_ROOT_TABLE_BASE (0x1000_0000) | VTD_RTADDR_SMT (1 << 10)
        // in scalable mode; IQA = QVTD_IQ_BASE (0x1002_0000) | QVTD_IQ_QS (0); GCMD = SRTP (1 << 30), then | QIE
        // (1 << 26), then | TE (1 << 31).
        var rt = RootTableAddressRegister.FromWords(new ulong[] { 0x1000_0400UL });
        Assert.Equal(RootTableTranslationMode.Scalable, rt.TranslationTableMode);
        Assert.Equal(0x1000_0000UL, rt.RootTableAddress);
        ViolationAssert.Valid(rt.Validate());
        var builtRt = default(RootTableAddressRegister);
        builtRt.RootTableAddress = 0x1000_0000;
        builtRt.TranslationTableMode = RootTableTranslationMode.Scalable;
        Assert.Equal(0x1000_0400UL, builtRt.GetWord(0));

        var iqa = InvalidationQueueAddressRegister.FromWords(new ulong[] { 0x1002_0000UL });
        Assert.Equal(0x1002_0000UL, iqa.QueueBase);
        Assert.Equal(0, iqa.QueueSize);
        Assert.False(iqa.WideDescriptors);
        Assert.Equal(256, iqa.DescriptorCount); // "QS=0 -> 256 entries" (qos-intel-iommu.h)
        Assert.Equal(16, iqa.DescriptorSize);

        var gcmd = GlobalCommandRegister.FromWords(new ulong[] { 0xC400_0000UL });
        Assert.True(gcmd.SetRootTablePointer);
        Assert.True(gcmd.QueuedInvalidationEnable);
        Assert.True(gcmd.TranslationEnable);
        Assert.False(gcmd.InterruptRemappingEnable);
        ViolationAssert.Valid(gcmd.Validate());
        var builtGcmd = default(GlobalCommandRegister);
        builtGcmd.SetRootTablePointer = true;
        Assert.Equal(0x4000_0000UL, builtGcmd.GetWord(0));
        builtGcmd.QueuedInvalidationEnable = true;
        Assert.Equal(0x4400_0000UL, builtGcmd.GetWord(0));
        builtGcmd.TranslationEnable = true;
        Assert.Equal(0xC400_0000UL, builtGcmd.GetWord(0));
    }

    [Fact]
    public void Linux_scalable_mode_queue_uses_two_pages_of_256_bit_descriptors()
    {
        // Linux dmar.c with ECAP.SMTS writes IQA = base | BIT(11) | 1 (DW = 1, QS = 1).
        const ulong word = 0x5_0000_0000UL | (1UL << 11) | 1UL;
        var iqa = InvalidationQueueAddressRegister.FromWords(new ulong[] { word });
        Assert.True(iqa.WideDescriptors);
        Assert.Equal(1, iqa.QueueSize);
        Assert.Equal(0x5_0000_0000UL, iqa.QueueBase);
        Assert.Equal(32, iqa.DescriptorSize);
        Assert.Equal(256, iqa.DescriptorCount); // 2 pages * 4096 / 32, QEMU 1 << (QS + 8 - DW)
        ViolationAssert.Valid(iqa.Validate());

        // IQT/IQH hold byte-offset bits 18:4: descriptor 3 of a 256-bit queue is at byte 0x60.
        var iqt = InvalidationQueueTailRegister.FromWords(new ulong[] { 0x60UL });
        Assert.Equal(6, iqt.QueueTail);
        Assert.Equal(0x60, iqt.ByteOffset);
        Assert.Equal(3, iqt.DescriptorIndex(wide: true));
        Assert.Equal(6, iqt.DescriptorIndex(wide: false));
        var iqh = InvalidationQueueHeadRegister.FromWords(new ulong[] { 0x7FFF0UL });
        Assert.Equal(0x7FFF, iqh.QueueHead);
        ViolationAssert.Valid(iqh.Validate());
    }

    [Fact]
    public void Status_and_control_registers_decode_their_bits()
    {
        // QEMU resets FECTL with IM (bit 31) set; FSTS with PPF (1), IQE (4) and FRI = 2 (bits 8..15).
        var fectl = FaultEventControlRegister.FromWords(new ulong[] { 0x8000_0000UL });
        Assert.True(fectl.InterruptMask);
        Assert.False(fectl.InterruptPending);

        var fsts = FaultStatusRegister.FromWords(new ulong[] { 0x0212UL });
        Assert.True(fsts.PrimaryPendingFault);
        Assert.True(fsts.InvalidationQueueError);
        Assert.False(fsts.PrimaryFaultOverflow);
        Assert.Equal(2, fsts.FaultRecordIndex);

        // GSTS mirrors GCMD bit for bit: TES 31, RTPS 30, QIES 26.
        var gsts = GlobalStatusRegister.FromWords(new ulong[] { 0xC400_0000UL });
        Assert.True(gsts.TranslationEnableStatus);
        Assert.True(gsts.RootTablePointerStatus);
        Assert.True(gsts.QueuedInvalidationEnableStatus);

        // QEMU VER = 0x10: major 1, minor 0.
        var ver = VersionRegister.FromWords(new ulong[] { 0x10UL });
        Assert.Equal(1, ver.Major);
        Assert.Equal(0, ver.Minor);

        Assert.True(InvalidationCompletionStatusRegister.FromWords(new ulong[] { 1UL }).InvalidationWaitComplete);

        // Linux DMA_CCMD_ICC (1 << 63) | DMA_CCMD_DEVICE_INVL (3 << 61) | DMA_CCMD_FM(1) (1 << 32) |
        // DMA_CCMD_SID(0x0108) (<< 16) | DMA_CCMD_DID(7).
        var ccmd = ContextCommandRegister.FromWords(new ulong[] { (1UL << 63) | (3UL << 61) | (1UL << 32) | (0x0108UL << 16) | 7UL });
        Assert.True(ccmd.InvalidateContextCache);
        Assert.Equal(ContextCacheGranularity.Device, ccmd.RequestGranularity);
        Assert.Equal(1, ccmd.FunctionMask);
        Assert.Equal(0x0108, ccmd.SourceId);
        Assert.Equal(7, ccmd.DomainId);
        ViolationAssert.Valid(ccmd.Validate());

        // Linux DMA_TLB_IVT (1 << 63) | DMA_TLB_DSI_FLUSH (2 << 60) | DMA_TLB_DID(9) (<< 32) | DMA_TLB_WRITE_DRAIN (1 << 48).
        var iotlb = IotlbInvalidateRegister.FromWords(new ulong[] { (1UL << 63) | (2UL << 60) | (9UL << 32) | (1UL << 48) });
        Assert.True(iotlb.InvalidateIotlb);
        Assert.Equal(IotlbGranularity.Domain, iotlb.RequestGranularity);
        Assert.Equal(9, iotlb.DomainId);
        Assert.True(iotlb.DrainWrites);
        Assert.False(iotlb.DrainReads);
        ViolationAssert.Valid(iotlb.Validate());

        // IVA: ADDR 0x1234_5000, IH (bit 6), AM = 3.
        var iva = InvalidateAddressRegister.FromWords(new ulong[] { 0x1234_5043UL });
        Assert.Equal(0x1234_5000UL, iva.Address);
        Assert.True(iva.InvalidationHint);
        Assert.Equal(3, iva.AddressMask);

        // IQERCD: IQEI = 4 (reserved field), ITESID 0x0100 (bits 32..47), ICESID 0x0200 (bits 48..63).
        var iqer = InvalidationQueueErrorRecordRegister.FromWords(new ulong[] { 4UL | (0x0100UL << 32) | (0x0200UL << 48) });
        Assert.Equal(InvalidationQueueErrorInfo.ReservedFieldViolation, iqer.ErrorInfo);
        Assert.Equal(0x0100, iqer.TimeoutErrorSourceId);
        Assert.Equal(0x0200, iqer.CompletionErrorSourceId);
    }
}
