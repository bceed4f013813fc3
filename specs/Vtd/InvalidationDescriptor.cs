using System.Globalization;

namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// Any invalidation-queue descriptor, seen only through its type: read a descriptor as this to decide which
/// specific layout to read it as (<see cref="Type"/>, or <see cref="TypeOf(ulong)"/> on the first word).
/// </summary>
/// <remarks>
/// <para>Every descriptor layout of this namespace is 256 bits, the form used when IQA.DW = 1. A 128-bit queue
/// (IQA.DW = 0) holds the same first two words and nothing else: read 16 bytes and let words 2..3 be zero, which
/// <see cref="InvalidationQueue.ReadDescriptor{T}"/> does. Every legacy descriptor type has words 2..3 reserved, so
/// the 128-bit and 256-bit forms of a descriptor are the same value.</para>
/// <para><see cref="Validate"/> reports only an undefined type (rule <c>QI.TYPE</c>); all other bits are type-specific
/// and ignored here. Which types are allowed in a 128-bit queue, and reserved-bit checks that depend on ECAP (PD
/// without ECAP.PDS, AM above CAP.MAMV ...), are the emulator's.</para>
/// </remarks>
[BitLayout(256, Name = "vtd.qi",
    Spec = "VT-d spec Invalidation Queue descriptors, common type field; checked against QEMU VTD_INV_DESC_TYPE, VirtualBox VTD_GENERIC_INV_DSC_GET_TYPE, Linux QI_*_TYPE",
    Summary = "Invalidation-queue descriptor, type only (for dispatch)")]
[Ignored(4, 8, Doc = "type-specific")]
[Ignored(12, 255, Doc = "type-specific")]
public partial struct InvalidationDescriptor
{
    [Bits(0, 3, Doc = "Type[3:0]: low bits of the descriptor type")]
    public partial byte TypeLow { readonly get; set; }

    [Bits(9, 11, Doc = "Type[6:4]: high bits of the descriptor type (zero for every defined type)")]
    public partial byte TypeHigh { readonly get; set; }

    /// <summary>The combined descriptor type, <c>TypeHigh &lt;&lt; 4 | TypeLow</c>; an undefined value reads back as that number.</summary>
    public readonly InvalidationDescriptorType Type => (InvalidationDescriptorType)CombineType(TypeLow, TypeHigh);

    /// <summary>The combined 7-bit type: <paramref name="typeHigh"/> (bits 9..11) above <paramref name="typeLow"/> (bits 0..3).</summary>
    public static int CombineType(byte typeLow, byte typeHigh) => ((typeHigh & 0x7) << 4) | (typeLow & 0xF);

    /// <summary>The combined type of a descriptor whose first 64-bit word is <paramref name="word0"/>.</summary>
    public static InvalidationDescriptorType TypeOf(ulong word0) =>
        (InvalidationDescriptorType)(((word0 >> 5) & 0x70) | (word0 & 0xF));

    /// <summary>True for a type defined by <see cref="InvalidationDescriptorType"/>.</summary>
    public static bool IsDefinedType(int type) => type is >= 1 and <= 0xA;

    /// <summary>
    /// True for the types that exist only as 256-bit descriptors (PASID-based IOTLB, PASID-cache, PASID-based
    /// device-TLB): in a 128-bit queue they are an invalid-descriptor-width error (QEMU).
    /// </summary>
    public static bool RequiresWideDescriptors(InvalidationDescriptorType type) =>
        type is InvalidationDescriptorType.PasidIotlb or InvalidationDescriptorType.PasidCache or InvalidationDescriptorType.PasidDeviceTlb;

    readonly partial void CheckRules(ref ViolationSink sink)
    {
        var type = CombineType(TypeLow, TypeHigh);
        if (!IsDefinedType(type))
        {
            sink.Report("QI.TYPE", 0, 11, string.Create(CultureInfo.InvariantCulture, $"descriptor type 0x{type:X} is not defined"));
        }
    }

    /// <summary>Reports rule <c>QI.TYPE</c> when a specific descriptor's type fields do not hold its own type.</summary>
    internal static void CheckType(ref ViolationSink sink, byte typeLow, byte typeHigh, InvalidationDescriptorType expected)
    {
        var type = CombineType(typeLow, typeHigh);
        if (type != (int)expected)
        {
            sink.Report("QI.TYPE", 0, 11, string.Create(CultureInfo.InvariantCulture, $"descriptor type 0x{type:X} is not {expected} (0x{(int)expected:X})"));
        }
    }
}
