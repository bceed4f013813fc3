namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// A physical/intermediate address size in the PARange encoding shared by STE.S2PS, CD.IPS and IDR5.OAS.
/// </summary>
/// <remarks>
/// Linux io-pgtable-arm.c ARM_LPAE_TCR_PS_* and arm-smmu-v3.h IDR5_OAS_* (0..6); QEMU smmuv3-accel maps 7 to
/// 56 bits, the encoding newer architecture revisions give it. Every value is defined: a size larger than the
/// SMMU implements (IDR5.OAS) is the emulator's business, not an error of the entry on its own.
/// </remarks>
public enum AddressSize : byte
{
    /// <summary>32 bits (4 GB).</summary>
    Bits32 = 0,

    /// <summary>36 bits (64 GB).</summary>
    Bits36 = 1,

    /// <summary>40 bits (1 TB).</summary>
    Bits40 = 2,

    /// <summary>42 bits (4 TB).</summary>
    Bits42 = 3,

    /// <summary>44 bits (16 TB).</summary>
    Bits44 = 4,

    /// <summary>48 bits (256 TB).</summary>
    Bits48 = 5,

    /// <summary>52 bits (4 PB).</summary>
    Bits52 = 6,

    /// <summary>56 bits (newer architecture revisions only).</summary>
    Bits56 = 7,
}
