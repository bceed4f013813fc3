namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_IDR1 (offset 0x04): table and queue sizes and presets.</summary>
/// <remarks>An ID register: the emulator produces it, <c>Validate()</c> reports only RES0 bits.</remarks>
[BitLayout(32, Name = "smmuv3.idr1",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h IDR1_*; QEMU smmuv3-internal.h IDR1",
    Summary = "SMMUv3 IDR1 register")]
public partial struct Idr1
{
    /// <summary>StreamID width in bits.</summary>
    [Bits(0, 5)] public partial byte SIDSIZE { readonly get; set; }

    /// <summary>SubstreamID width in bits (0: substreams not supported).</summary>
    [Bits(6, 10)] public partial byte SSIDSIZE { readonly get; set; }

    /// <summary>log2 of the largest PRI queue.</summary>
    [Bits(11, 15)] public partial byte PRIQS { readonly get; set; }

    /// <summary>log2 of the largest event queue.</summary>
    [Bits(16, 20)] public partial byte EVENTQS { readonly get; set; }

    /// <summary>log2 of the largest command queue.</summary>
    [Bits(21, 25)] public partial byte CMDQS { readonly get; set; }

    /// <summary>STE privilege/instruction overrides supported (QEMU IDR1.ATTR_PERMS_OVR).</summary>
    [Bit(26)] public partial bool ATTR_PERMS_OVR { readonly get; set; }

    /// <summary>STE memory type/shareability overrides supported.</summary>
    [Bit(27)] public partial bool ATTR_TYPES_OVR { readonly get; set; }

    /// <summary>Table and queue base registers hold relative addresses.</summary>
    [Bit(28)] public partial bool REL { readonly get; set; }

    /// <summary>Queue bases are fixed.</summary>
    [Bit(29)] public partial bool QUEUES_PRESET { readonly get; set; }

    /// <summary>Stream table base is fixed.</summary>
    [Bit(30)] public partial bool TABLES_PRESET { readonly get; set; }

    /// <summary>Enhanced command queues (QEMU IDR1.ECMDQ).</summary>
    [Bit(31)] public partial bool ECMDQ { readonly get; set; }
}
