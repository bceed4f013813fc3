using IommuLayouts.Emulator.Memory;
using IommuLayouts.Emulator.Walkers;

namespace IommuLayouts.Emulator.Walkers.Vtd;

/// <summary>Nested walks: every first-stage table address goes through a second-stage walk (no caching).</summary>
public readonly struct SecondStageTableAddresses : IVtdTableAddressTranslator
{
    private readonly IGuestMemory _memory;
    private readonly SecondStageConfig _config;

    /// <summary>Translates through <paramref name="config"/>'s tables in <paramref name="memory"/>.</summary>
    public SecondStageTableAddresses(IGuestMemory memory, in SecondStageConfig config)
    {
        _memory = memory;
        _config = config;
    }

    /// <inheritdoc/>
    public VtdWalkResult TranslateTableAddress(ulong address, bool write, IWalkTraceSink? trace) =>
        VtdSecondStageWalker.Walk(_memory, in _config, address, write ? AccessKind.Write : AccessKind.Read, execute: false, trace, WalkPurpose.Stage2ForStage1Table);
}
