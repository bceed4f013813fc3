namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// An interrupt request as the remapping unit sees it: a 32-bit write of <see cref="Data"/> to <see cref="Address"/>
/// (0xFEEx_xxxx; an MSI, MSI-X or I/OxAPIC message) from the requester <see cref="SourceId"/>.
/// </summary>
public readonly struct VtdInterruptRequest
{
    /// <summary>A request from <paramref name="sourceId"/> (bus &lt;&lt; 8 | device &lt;&lt; 3 | function).</summary>
    public VtdInterruptRequest(ushort sourceId, ulong address, uint data)
    {
        SourceId = sourceId;
        Address = address;
        Data = data;
    }

    /// <summary>Requester id: bus in bits 15:8, device in 7:3, function in 2:0.</summary>
    public ushort SourceId { get; }

    /// <summary>The message address (64 bits; an interrupt request has bits 63:32 clear and 31:20 = 0xFEE).</summary>
    public ulong Address { get; }

    /// <summary>The message data.</summary>
    public uint Data { get; }
}
