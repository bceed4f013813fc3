using System;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>
/// One upstream transaction presented to the SMMU: StreamID, optional SubstreamID (SSV), address, access kind and
/// privilege (PnU), and whether it is an ATS-translated transaction.
/// </summary>
public readonly struct Smmuv3Request
{
    /// <summary>A transaction without a SubstreamID.</summary>
    public Smmuv3Request(uint streamId, ulong address, AccessKind access, bool privileged = false)
    {
        if (access is not (AccessKind.Read or AccessKind.Write or AccessKind.InstructionFetch))
        {
            throw new ArgumentOutOfRangeException(nameof(access), access, "Unknown access kind.");
        }

        StreamId = streamId;
        Address = address;
        Access = access;
        Privileged = privileged;
    }

    /// <summary>A transaction with a SubstreamID (SSV = 1).</summary>
    public Smmuv3Request(uint streamId, uint substreamId, ulong address, AccessKind access, bool privileged = false)
        : this(streamId, address, access, privileged)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(substreamId, 0xF_FFFFu); // SubstreamIDs are at most 20 bits (IDR1.SSIDSIZE)
        SubstreamId = substreamId;
        HasSubstreamId = true;
    }

    /// <summary>The StreamID (up to 32 bits).</summary>
    public uint StreamId { get; }

    /// <summary>True when the transaction carries a SubstreamID (event SSV).</summary>
    public bool HasSubstreamId { get; }

    /// <summary>The SubstreamID (20 bits), meaningful when <see cref="HasSubstreamId"/>.</summary>
    public uint SubstreamId { get; }

    /// <summary>The input address (VA, or IPA for a stage-2-only stream).</summary>
    public ulong Address { get; }

    /// <summary>Read, write or instruction fetch.</summary>
    public AccessKind Access { get; }

    /// <summary>Privileged (PnU = 1) or unprivileged.</summary>
    public bool Privileged { get; }

    /// <summary>An ATS-translated transaction (its address is already a PA, or an IPA when STE.EATS = S1Check).</summary>
    public bool AtsTranslated { get; init; }
}
