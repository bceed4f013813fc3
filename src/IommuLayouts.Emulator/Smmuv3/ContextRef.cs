namespace IommuLayouts.Emulator.Smmuv3;

/// <summary>The configuration-cache payload: a reference to an immutable <see cref="StreamContext"/> (a hit copies one pointer).</summary>
internal readonly struct ContextRef(StreamContext context)
{
    public readonly StreamContext Context = context;
}
