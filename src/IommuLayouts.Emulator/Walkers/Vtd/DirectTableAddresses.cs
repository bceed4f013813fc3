using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Walkers.Vtd;

/// <summary>First-stage-only walks: table addresses are host-physical.</summary>
public readonly struct DirectTableAddresses : IVtdTableAddressTranslator
{
    /// <inheritdoc/>
    public VtdWalkResult TranslateTableAddress(ulong address, bool write, IWalkTraceSink? trace) =>
        VtdWalkResult.Translated(VtdWalkStage.SecondStage, 1, address, address, 12, WalkPermissions.All, 0, true);
}
