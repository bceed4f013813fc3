using System.Runtime.CompilerServices;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>Maps an access to the single <see cref="WalkPermissions"/> flag it needs.</summary>
public static class WalkPermissionsExtensions
{
    /// <summary>The permission an access of <paramref name="kind"/> at the given privilege needs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WalkPermissions Required(AccessKind kind, bool privileged) =>
        (WalkPermissions)((kind switch
        {
            AccessKind.Write => 2,
            AccessKind.InstructionFetch => 4,
            _ => 1,
        }) << (privileged ? 0 : 3));

    /// <summary>True when <paramref name="permissions"/> allow an access of <paramref name="kind"/> at the given privilege.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Allows(this WalkPermissions permissions, AccessKind kind, bool privileged) =>
        (permissions & Required(kind, privileged)) != 0;
}
