namespace IommuLayouts.Specs.Smmuv3;

/// <summary>SMMU_GBPA (offset 0x44): what happens to transactions while SMMUEN is clear.</summary>
/// <remarks><c>Validate()</c> reports RES0 bits. Software writes with UPDATE set and polls until the SMMU clears it; QEMU ignores writes without UPDATE and resets the register to 0x1000 (SHCFG = use incoming).</remarks>
[BitLayout(32, Name = "smmuv3.gbpa",
    Spec = "Arm IHI 0070 register file; Linux arm-smmu-v3.h GBPA_*; QEMU smmuv3-internal.h GBPA",
    Summary = "SMMUv3 GBPA register")]
public partial struct Gbpa
{
    /// <summary>Memory attributes of bypassed transactions (with MTCFG).</summary>
    [Bits(0, 3)] public partial byte MemAttr { readonly get; set; }

    /// <summary>Replace the memory type with MemAttr.</summary>
    [Bit(4)] public partial bool MTCFG { readonly get; set; }

    /// <summary>Allocation hints override.</summary>
    [Bits(8, 11)] public partial byte ALLOCCFG { readonly get; set; }

    /// <summary>Shareability override: 0 non-shareable, 1 use incoming, 2 outer, 3 inner.</summary>
    [Bits(12, 13)] public partial byte SHCFG { readonly get; set; }

    /// <summary>Privilege override.</summary>
    [Bits(16, 17)] public partial byte PRIVCFG { readonly get; set; }

    /// <summary>Instruction/data override.</summary>
    [Bits(18, 19)] public partial byte INSTCFG { readonly get; set; }

    /// <summary>Abort every transaction while SMMUEN is clear (else bypass).</summary>
    [Bit(20)] public partial bool ABORT { readonly get; set; }

    /// <summary>Write: apply the other fields; read: the update is still in progress.</summary>
    [Bit(31)] public partial bool UPDATE { readonly get; set; }
}
