namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// IQEI, why the invalidation queue stopped (IQERCD_REG bits 0..3), in VirtualBox's <c>VTDIQEI</c> order.
/// Encodings 8..15 are reserved.
/// </summary>
public enum InvalidationQueueErrorInfo : byte
{
    /// <summary>No information (also the value after reset).</summary>
    NotAvailable = 0,

    /// <summary>The tail pointer is beyond the queue.</summary>
    InvalidTailPointer = 1,

    /// <summary>A descriptor could not be read.</summary>
    DescriptorFetchError = 2,

    /// <summary>A descriptor has an undefined type.</summary>
    InvalidDescriptorType = 3,

    /// <summary>A descriptor has a reserved field set.</summary>
    ReservedFieldViolation = 4,

    /// <summary>A descriptor of a 256-bit-only type in a 128-bit queue.</summary>
    InvalidDescriptorWidth = 5,

    /// <summary>The tail is not aligned to a 256-bit descriptor (IQT bit 4 set with IQA.DW = 1).</summary>
    TailMisaligned = 6,

    /// <summary>A descriptor is not valid in the translation table mode (TTM) in use.</summary>
    InvalidTtm = 7,
}
