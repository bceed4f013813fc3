using System.Runtime.CompilerServices;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// The access a walk checks: read, write or instruction fetch, its privilege, and (VT-d) whether a read or write also
/// carries the execute attribute. A walk's table reads are <see cref="TableRead"/>; its hardware updates of table
/// entries are <see cref="TableWrite"/> (Arm ARM AArch64.CheckS2Permission: a stage-1 walk is checked at stage 2 as a
/// privileged read).
/// </summary>
public readonly struct WalkAccess
{
    /// <summary>An access of <paramref name="kind"/>; <paramref name="execute"/> adds the execute attribute to a read or write.</summary>
    public WalkAccess(AccessKind kind, bool privileged, bool execute = false)
    {
        Kind = kind;
        Privileged = privileged;
        Execute = execute || kind == AccessKind.InstructionFetch;
    }

    /// <summary>A table-entry read made by a walk.</summary>
    public static WalkAccess TableRead => new(AccessKind.Read, privileged: true);

    /// <summary>A table-entry update made by a walk (hardware Access flag or accessed/dirty write-back).</summary>
    public static WalkAccess TableWrite => new(AccessKind.Write, privileged: true);

    /// <summary>Read, write or instruction fetch.</summary>
    public AccessKind Kind { get; }

    /// <summary>Privileged (supervisor, EL1) rather than unprivileged (user, EL0).</summary>
    public bool Privileged { get; }

    /// <summary>The access needs execute permission (an instruction fetch, or a VT-d request with the execute attribute).</summary>
    public bool Execute { get; }

    /// <summary>True for a write.</summary>
    public bool IsWrite
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Kind == AccessKind.Write;
    }

    /// <summary>The permissions this access needs, all of which must be granted (data permission, plus execute when set).</summary>
    public WalkPermissions Required
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var data = IsWrite ? WalkPermissions.PrivilegedWrite : WalkPermissions.PrivilegedRead;
            var needed = Execute && Kind == AccessKind.InstructionFetch ? WalkPermissions.PrivilegedExecute : data | (Execute ? WalkPermissions.PrivilegedExecute : 0);
            return Privileged ? needed : (WalkPermissions)((int)needed << 3);
        }
    }

    /// <summary>True when <paramref name="permissions"/> grant everything this access needs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsAllowedBy(WalkPermissions permissions) => (permissions & Required) == Required;
}
