using System.Globalization;

namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// A fault-recording register, FRCD_REG (128 bits). There are CAP.NFR + 1 of them, 16 bytes each, at CAP.FRO * 16
/// in the register file (QEMU has one, at 0x220). Hardware fills one per recorded fault and sets F; software
/// reads it and writes F = 1 to clear it.
/// </summary>
/// <remarks>
/// <para><see cref="Validate"/> reports reserved bits (0..11, 80..91) and, when F is set, a fault reason that is not a
/// <see cref="FaultReason"/> (rule <c>FRCD.FR</c>). FR is stored raw (<see cref="Fr"/>) because a cleared record holds
/// 0; <see cref="Reason"/> is the typed view.</para>
/// <para>PV is 20 bits as Linux reads it (<c>dma_frcd_pasid_value</c>) and VirtualBox defines it; QEMU writes only
/// the low 16 bits of the PASID. AT's encodings are not given by any source read.</para>
/// </remarks>
[BitLayout(128, Name = "vtd.frcd",
    Spec = "VT-d spec Fault Recording Registers; checked against Linux drivers/iommu/intel/iommu.h dma_frcd_* and dmar.c dmar_fault, QEMU VTD_FRCD_*, VirtualBox VTD_BF_{0,1}_FRCD_REG_*, EDK2 Vtd.h VTD_FRCD_REG",
    Summary = "Fault-recording register")]
public partial struct FaultRecord
{
    [Bits(12, 63, Doc = "FI: fault information, the page address of the faulting request (bits 63:12); for an interrupt-remapping fault, the interrupt index in bits 63:48"), Address]
    public partial ulong FaultInfo { readonly get; set; }

    [Bits(64, 79, Doc = "SID: source id (bus << 8 | devfn) of the faulting request")]
    public partial ushort SourceId { readonly get; set; }

    [Bit(92, Doc = "T2: request type bit 2: 0 write or read, 1 page request or atomic operation (EDK2, VirtualBox)")]
    public partial bool T2 { readonly get; set; }

    [Bit(93, Doc = "PRIV: the request asked for supervisor privilege")]
    public partial bool Privilege { readonly get; set; }

    [Bit(94, Doc = "EXE: the request asked for execute permission")]
    public partial bool Execute { readonly get; set; }

    [Bit(95, Doc = "PP: PASID present, PV holds the request's PASID (Linux dma_frcd_pasid_present)")]
    public partial bool PasidPresent { readonly get; set; }

    [Bits(96, 103, Doc = "FR: fault reason, a FaultReason code (rule FRCD.FR when F=1)")]
    public partial byte Fr { readonly get; set; }

    [Bits(104, 123, Doc = "PV: PASID value of the faulting request when PP is set (20 bits; QEMU records only 16)")]
    public partial uint PasidValue { readonly get; set; }

    [Bits(124, 125, Doc = "AT: address type of the faulting request")]
    public partial byte AddressType { readonly get; set; }

    [Bit(126, Doc = "T1: request type bit 1: 0 write or page request, 1 read or atomic operation (Linux dma_frcd_type: set = read)")]
    public partial bool T1 { readonly get; set; }

    [Bit(127, Doc = "F: fault, the record is valid; write 1 to clear (RW1C)")]
    public partial bool Fault { readonly get; set; }

    /// <summary>The typed view of <see cref="Fr"/>.</summary>
    public FaultReason Reason
    {
        readonly get => (FaultReason)Fr;
        set => Fr = (byte)value;
    }

    /// <summary>The request type from T2 and T1.</summary>
    public FaultRequestType RequestType
    {
        readonly get => (FaultRequestType)((T2 ? 2 : 0) | (T1 ? 1 : 0));
        set
        {
            T2 = ((int)value & 2) != 0;
            T1 = ((int)value & 1) != 0;
        }
    }

    /// <summary>For an interrupt-remapping fault, the interrupt index QEMU and Linux keep in FI bits 63:48.</summary>
    public readonly ushort InterruptIndex => (ushort)(FaultInfo >> 48);

    /// <summary>The <see cref="FaultInfo"/> of an interrupt-remapping fault: the interrupt index in bits 63:48 (QEMU <c>VTD_FRCD_IR_IDX</c>).</summary>
    public static ulong InterruptFaultInfo(ushort index) => (ulong)index << 48;

    /// <summary>The <see cref="FaultInfo"/> of a request to <paramref name="address"/>: its 4 KiB page (address bits 63:12).</summary>
    public static ulong PageOf(ulong address) => address & ~0xFFFUL;

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        // A cleared record (F = 0) holds no fault, so its reason is not interpreted.
        if (Fault && !FaultReasons.IsDefined(Fr))
        {
            sink.Report("FRCD.FR", 96, 103, string.Create(CultureInfo.InvariantCulture, $"FR = 0x{Fr:X2} is not a defined fault reason"));
        }
    }
}
