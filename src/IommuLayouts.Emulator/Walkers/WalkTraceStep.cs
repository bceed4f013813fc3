using System.Globalization;
using IommuLayouts.Specs.Vmsa;
using IommuLayouts.Specs.Vtd;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// One step of a walk as reported to an <see cref="IWalkTraceSink"/>: where the descriptor was, what it held and
/// what the walker decided. A step with <see cref="HasDescriptor"/> false is a fault raised before any read
/// (input out of range, table base too large, or a stage-2 fault while fetching a stage-1 descriptor).
/// </summary>
public readonly struct WalkTraceStep
{
    internal WalkTraceStep(
        WalkPurpose purpose, int level, ulong tableAddress, int index, ulong descriptorInputAddress, ulong descriptorAddress,
        ulong descriptor, bool hasDescriptor, WalkStepDecision decision, WalkFaultKind fault,
        TraceDescriptorFormat format = TraceDescriptorFormat.Vmsa64)
    {
        Format = format;
        Purpose = purpose;
        Level = level;
        TableAddress = tableAddress;
        Index = index;
        DescriptorInputAddress = descriptorInputAddress;
        DescriptorAddress = descriptorAddress;
        Descriptor = descriptor;
        HasDescriptor = hasDescriptor;
        Decision = decision;
        Fault = fault;
    }

    /// <summary>The format of the descriptor read (VMSAv8-64, or a VT-d first- or second-stage entry).</summary>
    public TraceDescriptorFormat Format { get; }

    /// <summary>Which walk this step belongs to.</summary>
    public WalkPurpose Purpose { get; }

    /// <summary>The stage of this step.</summary>
    public TranslationStage Stage => Purpose == WalkPurpose.Stage1 ? TranslationStage.Stage1 : TranslationStage.Stage2;

    /// <summary>The level of the table read.</summary>
    public int Level { get; }

    /// <summary>The table's address as the walk knows it (an IPA for a nested stage-1 walk).</summary>
    public ulong TableAddress { get; }

    /// <summary>The index of the descriptor in the table.</summary>
    public int Index { get; }

    /// <summary>The descriptor's address before stage 2 (an IPA for a nested stage-1 walk; else equal to <see cref="DescriptorAddress"/>).</summary>
    public ulong DescriptorInputAddress { get; }

    /// <summary>Physical address the descriptor was read from.</summary>
    public ulong DescriptorAddress { get; }

    /// <summary>The raw descriptor.</summary>
    public ulong Descriptor { get; }

    /// <summary>False when the step faulted before reading a descriptor.</summary>
    public bool HasDescriptor { get; }

    /// <summary>What the walker decided.</summary>
    public WalkStepDecision Decision { get; }

    /// <summary>The fault raised at this step, if <see cref="Decision"/> is <see cref="WalkStepDecision.Fault"/>.</summary>
    public WalkFaultKind Fault { get; }

    /// <summary>The descriptor decoded with its generated format, vmsa64.* or vtd.fs-pte / vtd.ss-pte (allocates; for trace output only).</summary>
    public string DecodeDescriptor()
    {
        if (!HasDescriptor)
        {
            return "(no descriptor)";
        }

        switch (Format)
        {
            case TraceDescriptorFormat.VtdFirstStage:
                return new FirstStagePageTableEntry(Descriptor).ToString();
            case TraceDescriptorFormat.VtdSecondStage:
                return new SecondStagePageTableEntry(Descriptor).ToString();
        }

        if ((Descriptor & 1) == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"invalid 0x{Descriptor:x16}");
        }

        var table = Level < VmsaGeometry.LastLevel && (Descriptor & 2) != 0;
        return (Stage, table) switch
        {
            (TranslationStage.Stage1, true) => new S1TableDescriptor(Descriptor).ToString(),
            (TranslationStage.Stage1, false) => new S1LeafDescriptor(Descriptor).ToString(),
            (_, true) => new S2TableDescriptor(Descriptor).ToString(),
            _ => new S2LeafDescriptor(Descriptor).ToString(),
        };
    }

    /// <inheritdoc/>
    public override string ToString() => HasDescriptor
        ? string.Create(CultureInfo.InvariantCulture, $"{Purpose} L{Level} table 0x{TableAddress:x}[{Index}] @0x{DescriptorAddress:x} = 0x{Descriptor:x16}: {Decision}{(Decision == WalkStepDecision.Fault ? " " + Fault.ToString() : string.Empty)}")
        : string.Create(CultureInfo.InvariantCulture, $"{Purpose} L{Level}: {Fault} fault before a descriptor read");
}
