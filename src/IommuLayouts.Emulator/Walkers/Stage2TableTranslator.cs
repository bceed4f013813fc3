namespace IommuLayouts.Emulator.Walkers;

/// <summary>An <see cref="IStage2Translator"/> that walks stage-2 tables for every stage-1 descriptor (no caching).</summary>
public readonly struct Stage2TableTranslator : IStage2Translator
{
    private readonly Vmsa64Walker _walker;
    private readonly Stage2Config _config;

    /// <summary>Translates through <paramref name="config"/> with <paramref name="walker"/>.</summary>
    public Stage2TableTranslator(Vmsa64Walker walker, in Stage2Config config)
    {
        _walker = walker;
        _config = config;
    }

    /// <inheritdoc/>
    public WalkResult TranslateTableRead(ulong ipa, IWalkTraceSink? trace) =>
        _walker.WalkStage2(in _config, ipa, AccessKind.Read, privileged: true, trace, WalkPurpose.Stage2ForStage1Table);
}
