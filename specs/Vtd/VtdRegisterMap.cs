namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Byte offsets of the remapping unit's registers (Intel VT-d specification §11.4 "Register Descriptions"; Linux drivers/iommu/intel/iommu.h DMAR_*_REG; QEMU hw/i386/
/// intel_iommu_internal.h). The IOTLB registers sit at ECAP.IRO·16 and the fault-recording registers at CAP.FRO·16.
/// </summary>
public static class VtdRegisterMap
{
    /// <summary>VER_REG (32-bit).</summary>
    public const int Version = 0x00;

    /// <summary>CAP_REG (64-bit).</summary>
    public const int Capability = 0x08;

    /// <summary>ECAP_REG (64-bit).</summary>
    public const int ExtendedCapability = 0x10;

    /// <summary>GCMD_REG (32-bit, write-only).</summary>
    public const int GlobalCommand = 0x18;

    /// <summary>GSTS_REG (32-bit, read-only).</summary>
    public const int GlobalStatus = 0x1C;

    /// <summary>RTADDR_REG (64-bit).</summary>
    public const int RootTableAddress = 0x20;

    /// <summary>CCMD_REG (64-bit).</summary>
    public const int ContextCommand = 0x28;

    /// <summary>FSTS_REG (32-bit).</summary>
    public const int FaultStatus = 0x34;

    /// <summary>FECTL_REG (32-bit).</summary>
    public const int FaultEventControl = 0x38;

    /// <summary>FEDATA_REG (32-bit).</summary>
    public const int FaultEventData = 0x3C;

    /// <summary>FEADDR_REG (32-bit).</summary>
    public const int FaultEventAddress = 0x40;

    /// <summary>FEUADDR_REG (32-bit).</summary>
    public const int FaultEventUpperAddress = 0x44;

    /// <summary>IQH_REG (64-bit, read-only).</summary>
    public const int InvalidationQueueHead = 0x80;

    /// <summary>IQT_REG (64-bit).</summary>
    public const int InvalidationQueueTail = 0x88;

    /// <summary>IQA_REG (64-bit).</summary>
    public const int InvalidationQueueAddress = 0x90;

    /// <summary>ICS_REG (32-bit).</summary>
    public const int InvalidationCompletionStatus = 0x9C;

    /// <summary>IECTL_REG (32-bit).</summary>
    public const int InvalidationEventControl = 0xA0;

    /// <summary>IEDATA_REG (32-bit).</summary>
    public const int InvalidationEventData = 0xA4;

    /// <summary>IEADDR_REG (32-bit).</summary>
    public const int InvalidationEventAddress = 0xA8;

    /// <summary>IEUADDR_REG (32-bit).</summary>
    public const int InvalidationEventUpperAddress = 0xAC;

    /// <summary>IQERCD_REG (64-bit, read-only).</summary>
    public const int InvalidationQueueErrorRecord = 0xB0;

    /// <summary>IRTA_REG (64-bit): interrupt-remapping table address (Linux <c>DMAR_IRTA_REG</c>, QEMU <c>DMAR_IRTA_REG</c>).</summary>
    public const int InterruptRemapTableAddress = 0xB8;

    /// <summary>IVA_REG (64-bit), relative to the IOTLB register block at ECAP.IRO·16 (Linux <c>iommu-&gt;reg + ecap_iotlb_offset</c>).</summary>
    public const int InvalidateAddressInIotlbBlock = 0x00;

    /// <summary>IOTLB_REG (64-bit), relative to the IOTLB register block at ECAP.IRO·16 (Linux <c>tlb_offset + 8</c>).</summary>
    public const int IotlbInvalidateInIotlbBlock = 0x08;

    /// <summary>Bytes per fault-recording register (FRCD_REG, 128-bit) in the block at CAP.FRO·16 (Linux <c>PRIMARY_FAULT_REG_LEN</c>).</summary>
    public const int FaultRecordBytes = 16;

}
