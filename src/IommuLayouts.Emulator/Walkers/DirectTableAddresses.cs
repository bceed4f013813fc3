namespace IommuLayouts.Emulator.Walkers;

/// <summary>Table addresses are physical: a single-stage walk. The engine skips translation entirely for this type.</summary>
public readonly struct DirectTableAddresses : ITableAddressTranslator
{
    /// <inheritdoc/>
    public WalkResult Translate<TTrace>(ulong address, in WalkAccess access, WalkPurpose purpose, ref TTrace trace)
        where TTrace : struct, IWalkTrace =>
        WalkResult.Translated(TranslationStage.Stage2, 0, address, address, 12, WalkPermissions.All, 0, 0, global: false, dirty: true);
}
