using System;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// What a stage-1 walk needs from a translation regime (an SMMUv3 CD's TTBx/TxSZ/TGx/IPS/AFFD/HADx/TBI or a CPU's
/// TCR/TTBR): the table base, granule, input size, output size and the optional controls.
/// </summary>
public readonly struct Stage1Config
{
    /// <summary>Builds a configuration; throws for values no guest could have given (use <see cref="TryCreate"/> for guest data).</summary>
    public Stage1Config(ulong tableBase, TranslationGranule granule, int txsz, int outputSize)
    {
        var error = Check(granule, txsz, outputSize);
        if (error != WalkConfigError.None)
        {
            throw new ArgumentException($"Invalid stage-1 configuration: {error} (granule {granule}, TxSZ {txsz}, output size {outputSize}).");
        }

        TableBase = tableBase;
        Granule = granule;
        InputSize = 64 - txsz;
        OutputSize = VmsaGeometry.EffectiveOutputSize(granule, outputSize);
        StartLevel = VmsaGeometry.Stage1StartLevel(granule, InputSize);
    }

    /// <summary>Address of the start-level table (TTBx). Bits below the start table's size are ignored.</summary>
    public ulong TableBase { get; }

    /// <summary>The translation granule (TGx).</summary>
    public TranslationGranule Granule { get; }

    /// <summary>Input address size in bits, 64 − TxSZ.</summary>
    public int InputSize { get; }

    /// <summary>Output address size in bits enforced by the walk (see <see cref="VmsaGeometry.EffectiveOutputSize"/>).</summary>
    public int OutputSize { get; }

    /// <summary>The level of the table at <see cref="TableBase"/>, derived from the input size.</summary>
    public int StartLevel { get; }

    /// <summary>AFFD: a leaf with AF = 0 translates instead of giving an Access flag fault.</summary>
    public bool AccessFlagFaultDisabled { get; init; }

    /// <summary>
    /// HA (SMMUv3 CD.HA, IDR0.HTTU ≥ 1): hardware sets the Access flag of a leaf with AF = 0 instead of an Access flag
    /// fault (Arm ARM D8.4.2 "Hardware management of the Access flag").
    /// </summary>
    public bool HardwareAccessFlag { get; init; }

    /// <summary>
    /// HD (SMMUv3 CD.HD, IDR0.HTTU = 2; effective only with <see cref="HardwareAccessFlag"/>): a write to a leaf with DBM = 1
    /// and AP[2] = 1 clears AP[2] (writable-clean becomes writable-dirty) instead of a Permission fault (Arm ARM D8.4.2
    /// "Hardware management of dirty state"; Linux io-pgtable-arm.c iopte_writeable_dirty).
    /// </summary>
    public bool HardwareDirty { get; init; }

    /// <summary>HPD (SMMUv3 CD.HAD0/HAD1): APTable, PXNTable and UXNTable are ignored.</summary>
    public bool HierarchicalPermissionsDisabled { get; init; }

    /// <summary>WXN: a writable region is execute-never at the privilege that can write it.</summary>
    public bool WriteImpliesExecuteNever { get; init; }

    /// <summary>
    /// The upper (TTB1) range: input bits above <see cref="InputSize"/> must all be one instead of all zero.
    /// Choosing TTB0 or TTB1 is the caller's business (the SMMU's select_tt).
    /// </summary>
    public bool UpperRange { get; init; }

    /// <summary>TBI: bits 63:56 are ignored by the range check.</summary>
    public bool TopByteIgnored { get; init; }

    /// <summary>
    /// The implementation's physical address size is 52 bits (Arm ARM AArch64.PAMax() = 52; an SMMU's IDR5.OAS = 52):
    /// with the 64K granule, level-1 blocks are allowed (AArch64.BlockDescSupported).
    /// </summary>
    public bool PhysicalAddress52 { get; init; }

    /// <summary>Validates guest-supplied values; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryCreate(ulong tableBase, TranslationGranule granule, int txsz, int outputSize, out Stage1Config config, out WalkConfigError error)
    {
        error = Check(granule, txsz, outputSize);
        config = error == WalkConfigError.None ? new Stage1Config(tableBase, granule, txsz, outputSize) : default;
        return error == WalkConfigError.None;
    }

    private static WalkConfigError Check(TranslationGranule granule, int txsz, int outputSize)
    {
        if (!VmsaGeometry.IsDefined(granule))
        {
            return WalkConfigError.InvalidGranule;
        }

        if (txsz is < 16 or > 39)
        {
            return WalkConfigError.InputSizeOutOfRange;
        }

        return outputSize is < 32 or > 52 ? WalkConfigError.OutputSizeOutOfRange : WalkConfigError.None;
    }
}
