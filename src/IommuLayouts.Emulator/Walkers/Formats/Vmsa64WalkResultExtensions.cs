using IommuLayouts.Specs.Vmsa;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>The leaves of a VMSAv8-64 walk's result as their generated descriptor types.</summary>
public static class Vmsa64WalkResultExtensions
{
    extension(in WalkResult result)
    {
        /// <summary>The stage-1 leaf (meaningful for VMSAv8-64 stage-1 and nested translations).</summary>
        public S1LeafDescriptor Stage1Leaf => new(result.Descriptor);

        /// <summary>The stage-2 leaf: <see cref="WalkResult.Stage2Descriptor"/> for a nested translation, else <see cref="WalkResult.Descriptor"/>.</summary>
        public S2LeafDescriptor Stage2Leaf => new(result.Stage == TranslationStage.Stage1 ? result.Stage2Descriptor : result.Descriptor);
    }
}
