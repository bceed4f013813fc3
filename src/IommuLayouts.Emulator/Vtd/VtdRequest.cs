using System;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// An untranslated DMA request as the remapping unit sees it: the requester id (bus, device, function), an
/// optional PASID with its execute and privileged (supervisor) flags, the address and the access.
/// </summary>
public readonly struct VtdRequest
{
    /// <summary>A request from <paramref name="sourceId"/> (bus &lt;&lt; 8 | device &lt;&lt; 3 | function).</summary>
    public VtdRequest(ushort sourceId, ulong address, AccessKind access, uint? pasid = null, bool privileged = false, bool execute = false)
    {
        if (pasid is > 0xF_FFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(pasid), pasid, "PASIDs are 20 bits wide.");
        }

        SourceId = sourceId;
        Address = address;
        Access = access;
        Pasid = pasid;
        Privileged = privileged;
        Execute = execute || access == AccessKind.InstructionFetch;
    }

    /// <summary>Requester id: bus in bits 15:8, device in 7:3, function in 2:0.</summary>
    public ushort SourceId { get; }

    /// <summary>The DMA address (IOVA, or a virtual address for a first-stage PASID).</summary>
    public ulong Address { get; }

    /// <summary>Read or write (an instruction fetch is a read with <see cref="Execute"/>).</summary>
    public AccessKind Access { get; }

    /// <summary>The PASID of a request-with-PASID, null for a request without one.</summary>
    public uint? Pasid { get; }

    /// <summary>The request asks for supervisor privilege.</summary>
    public bool Privileged { get; }

    /// <summary>The request asks for execute permission.</summary>
    public bool Execute { get; }

    /// <summary>True for writes.</summary>
    public bool IsWrite => Access == AccessKind.Write;

    /// <summary>Composes a source id, checking each part.</summary>
    public static ushort SourceIdOf(int bus, int device, int function)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bus);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bus, 255);
        ArgumentOutOfRangeException.ThrowIfNegative(device);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(device, 31);
        ArgumentOutOfRangeException.ThrowIfNegative(function);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(function, 7);
        return (ushort)((bus << 8) | (device << 3) | function);
    }
}
