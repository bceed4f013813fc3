using IommuLayouts.Emulator.PageTables;

namespace IommuLayouts.Emulator.Tests.Vtd;

/// <summary>Hands out guest-physical table addresses for tables an inner allocator places at host-physical GPA + offset.</summary>
internal sealed class OffsetAllocator(ITableAllocator inner, ulong offset) : ITableAllocator
{
    public ulong Allocate(ulong size, ulong alignment) => inner.Allocate(size, alignment) - offset;
}
