namespace IommuLayouts.Specs.Smmuv3;

/// <summary>
/// Level-1 Context Descriptor (L1CD): one 8-byte entry of a two-level CD table (STE.S1Fmt two-level),
/// pointing to a leaf table of CDs for SubstreamIDs sharing the same upper bits.
/// </summary>
/// <remarks>
/// <b>Validate</b> reports RES0 bits only: every value of V and L2Ptr is a legal encoding. A clear V makes a
/// SubstreamID that reaches the descriptor fault (C_BAD_SUBSTREAMID); the leaf table's size (64 CDs for
/// S1Fmt = TwoLevel4K, 1024 for TwoLevel64K) comes from the STE, so checks involving it are the emulator's.
/// Linux writes L2Ptr masked to bits 51:12 and V = 1, then syncs, because "an invalid L1CD can be cached".
/// </remarks>
[BitLayout(64, Name = "smmuv3.l1cd",
    Spec = "Arm IHI 0070 L1CD; Linux arm-smmu-v3.h CTXDESC_L1_DESC_*",
    Summary = "SMMUv3 level-1 context descriptor")]
public partial struct L1ContextDescriptor
{
    /// <summary>Valid: the leaf table pointer can be used.</summary>
    [Bit(0)] public partial bool V { readonly get; set; }

    /// <summary>Address of the leaf CD table, address bits 51:12.</summary>
    [Bits(12, 51), Address] public partial ulong L2Ptr { readonly get; set; }
}
