using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>The TLB payload: the output base of the cached region and what it allows (both stages intersected).</summary>
internal readonly struct TlbValue(ulong outputBase, WalkPermissions permissions)
{
    public readonly ulong OutputBase = outputBase;
    public readonly WalkPermissions Permissions = permissions;
}
