namespace IommuLayouts.Emulator.Walkers;

/// <summary>The "no stage 2" translator: a stage-1 walk whose table addresses are physical.</summary>
public readonly struct NoStage2 : IStage2Translator
{
    /// <inheritdoc/>
    public WalkResult TranslateTableRead(ulong ipa, IWalkTraceSink? trace) =>
        WalkResult.Translated(TranslationStage.Stage2, VmsaGeometry.LastLevel, ipa, ipa, 12, WalkPermissions.All, 0, 0);
}
