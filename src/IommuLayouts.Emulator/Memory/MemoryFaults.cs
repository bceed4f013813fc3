using System;

namespace IommuLayouts.Emulator.Memory;

/// <summary>Which accesses to a region of <see cref="SparseGuestMemory"/> end in an external abort.</summary>
[Flags]
public enum MemoryFaults : byte
{
    /// <summary>No access faults.</summary>
    None = 0,

    /// <summary>Reads abort (a descriptor fetch from here is an external abort on a table walk).</summary>
    Read = 1,

    /// <summary>Writes abort.</summary>
    Write = 2,

    /// <summary>Reads and writes abort.</summary>
    ReadWrite = Read | Write,
}
