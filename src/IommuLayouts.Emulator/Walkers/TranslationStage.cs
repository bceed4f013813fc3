namespace IommuLayouts.Emulator.Walkers;

/// <summary>The stage of a translation: stage 1 (VA to IPA/PA, owned by the guest) or stage 2 (IPA to PA, owned by the host).</summary>
public enum TranslationStage : byte
{
    /// <summary>Stage 1: VA to IPA (nested) or PA.</summary>
    Stage1 = 1,

    /// <summary>Stage 2: IPA to PA.</summary>
    Stage2 = 2,
}
