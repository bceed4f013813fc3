using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Vtd;

/// <summary>
/// What the IOTLB keeps for a translation: the output page, the permissions per privilege, and whether a write may
/// use it without walking again to set D.
/// </summary>
internal readonly struct VtdIotlbValue
{
    public VtdIotlbValue(ulong outputBase, WalkPermissions permissions, bool dirty)
    {
        OutputBase = outputBase;
        Permissions = permissions;
        Dirty = dirty;
    }

    public ulong OutputBase { get; }

    public WalkPermissions Permissions { get; }

    public bool Dirty { get; }
}
