namespace IommuLayouts.Specs.Vtd;

/// <summary>
/// The kind of request a fault record describes, from FRCD bits T2 (92) and T1 (126): the value is
/// <c>T2 * 2 + T1</c>. Meanings from the EDK2 Vtd.h comments on the fault-recording register ("Type bit2
/// (0: Write/Read, 1: Page/AtomicOp)", "Type bit1 (0: Write/Page, 1: Read/AtomicOp)"); VirtualBox
/// <c>VTDREQTYPE</c> names the same four. Linux and QEMU use T1 only (set for reads).
/// </summary>
public enum FaultRequestType : byte
{
    /// <summary>A DMA write (T2 = 0, T1 = 0).</summary>
    Write = 0,

    /// <summary>A DMA read (T2 = 0, T1 = 1).</summary>
    Read = 1,

    /// <summary>A page (translation) request (T2 = 1, T1 = 0).</summary>
    PageRequest = 2,

    /// <summary>An atomic operation (T2 = 1, T1 = 1).</summary>
    AtomicOp = 3,
}
