namespace IommuLayouts.Emulator.PageTables;

/// <summary>Hands out zeroed guest memory for translation tables.</summary>
public interface ITableAllocator
{
    /// <summary>
    /// Returns the address of <paramref name="size"/> zeroed bytes aligned to <paramref name="alignment"/> (a power of
    /// two); throws <see cref="System.InvalidOperationException"/> when out of space.
    /// </summary>
    ulong Allocate(ulong size, ulong alignment);
}
