namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// Translates the IPA of each stage-1 descriptor a nested walk fetches. An SMMU model may implement it over its
/// TLB; <see cref="Stage2TableTranslator"/> walks stage 2 every time.
/// </summary>
public interface IStage2Translator
{
    /// <summary>
    /// Translates <paramref name="ipa"/> for a stage-1 table read (checked at stage 2 as a read, Arm ARM
    /// AArch64.CheckS2Permission "stage 1 walk is checked as a read"). A fault result is reported by the nested walk
    /// as a stage-2 fault during the stage-1 table walk.
    /// </summary>
    WalkResult TranslateTableRead(ulong ipa, IWalkTraceSink? trace);
}
