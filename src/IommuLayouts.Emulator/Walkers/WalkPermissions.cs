using System;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// The accesses a translation allows, for each privilege, after every control has been applied (AP/APTable,
/// PXN/UXN and their table forms, WXN, S2AP, stage-2 XN). A TLB stores these so a later access is checked
/// without the descriptors. A nested translation allows the intersection of both stages.
/// </summary>
[Flags]
public enum WalkPermissions : byte
{
    /// <summary>Nothing is allowed.</summary>
    None = 0,

    /// <summary>Privileged data read.</summary>
    PrivilegedRead = 1,

    /// <summary>Privileged data write.</summary>
    PrivilegedWrite = 2,

    /// <summary>Privileged instruction fetch.</summary>
    PrivilegedExecute = 4,

    /// <summary>Unprivileged data read.</summary>
    UnprivilegedRead = 8,

    /// <summary>Unprivileged data write.</summary>
    UnprivilegedWrite = 16,

    /// <summary>Unprivileged instruction fetch.</summary>
    UnprivilegedExecute = 32,

    /// <summary>Everything.</summary>
    All = 63,
}
