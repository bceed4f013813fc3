namespace IommuLayouts.Emulator.Vtd;

/// <summary>What became of an interrupt request.</summary>
public enum VtdInterruptOutcome : byte
{
    /// <summary>Interrupt remapping is off (GSTS.IRES clear): the message is delivered as it came.</summary>
    NotRemapped,

    /// <summary>A compatibility-format request let through (GSTS.CFIS set, IRTA.EIME clear): delivered as it came.</summary>
    Compatibility,

    /// <summary>Remapped through a remapped-format IRTE: see the vector, destination and the delivered message.</summary>
    Remapped,

    /// <summary>Posted through a posted-format IRTE: the descriptor's PIR bit set, a notification sent or not.</summary>
    Posted,

    /// <summary>An interrupt-remapping fault (0x20–0x28): the interrupt is blocked; see the reason and the record.</summary>
    Faulted,
}
