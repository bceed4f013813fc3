namespace IommuLayouts.Emulator.Walkers;

/// <summary>Nested table addresses walked through the stage-2 tables of <typeparamref name="TFormat"/> every time (no caching).</summary>
public readonly struct Stage2Tables<TFormat> : ITableAddressTranslator
    where TFormat : struct, IPageTableFormat
{
    private readonly PageTableWalker _walker;
    private readonly TFormat _format;

    /// <summary>Translates through <paramref name="format"/>'s tables with <paramref name="walker"/>.</summary>
    public Stage2Tables(PageTableWalker walker, in TFormat format)
    {
        _walker = walker;
        _format = format;
    }

    /// <inheritdoc/>
    public WalkResult Translate<TTrace>(ulong address, in WalkAccess access, WalkPurpose purpose, ref TTrace trace)
        where TTrace : struct, IWalkTrace
    {
        var direct = default(DirectTableAddresses);
        return _walker.Walk(in _format, address, in access, ref direct, ref trace, purpose);
    }
}
