using System;

namespace IommuLayouts.Emulator.Walkers;

/// <summary>
/// What a stage-2 walk needs (an SMMUv3 STE's S2TTB/S2T0SZ/S2SL0/S2TG/S2PS/S2AFFD or a CPU's VTCR/VTTBR).
/// </summary>
public readonly struct Stage2Config
{
    /// <summary>Builds a configuration; throws for invalid values (use <see cref="TryCreate"/> for guest data).</summary>
    public Stage2Config(ulong tableBase, TranslationGranule granule, int t0sz, int sl0, int outputSize)
    {
        var error = Check(granule, t0sz, sl0, outputSize);
        if (error != WalkConfigError.None)
        {
            throw new ArgumentException($"Invalid stage-2 configuration: {error} (granule {granule}, T0SZ {t0sz}, SL0 {sl0}, output size {outputSize}).");
        }

        TableBase = tableBase;
        Granule = granule;
        InputSize = 64 - t0sz;
        StartLevel = VmsaGeometry.Stage2StartLevel(granule, sl0);
        OutputSize = VmsaGeometry.EffectiveOutputSize(granule, outputSize);
    }

    /// <summary>Address of the (possibly concatenated) start-level table. Bits below its total size are ignored.</summary>
    public ulong TableBase { get; }

    /// <summary>The translation granule (S2TG / VTCR.TG0).</summary>
    public TranslationGranule Granule { get; }

    /// <summary>IPA size in bits, 64 − T0SZ.</summary>
    public int InputSize { get; }

    /// <summary>Start level decoded from SL0.</summary>
    public int StartLevel { get; }

    /// <summary>Output address size in bits enforced by the walk.</summary>
    public int OutputSize { get; }

    /// <summary>Number of tables concatenated at the start level (1..16).</summary>
    public int ConcatenatedTables => 1 << Math.Max(0, StartIndexBits - VmsaGeometry.Stride(Granule));

    /// <summary>Index bits resolved at the start level (more than a stride when tables are concatenated).</summary>
    public int StartIndexBits => InputSize - VmsaGeometry.LevelShift(Granule, StartLevel);

    /// <summary>S2AFFD: a leaf with AF = 0 translates instead of giving an Access flag fault.</summary>
    public bool AccessFlagFaultDisabled { get; init; }

    /// <summary>S2HA (SMMUv3 STE.S2HA, IDR0.HTTU ≥ 1): hardware sets the Access flag of a leaf with AF = 0 instead of an Access flag fault.</summary>
    public bool HardwareAccessFlag { get; init; }

    /// <summary>
    /// S2HD (SMMUv3 STE.S2HD, IDR0.HTTU = 2; effective only with <see cref="HardwareAccessFlag"/>): a write to a leaf with
    /// DBM = 1 and S2AP[1] = 0 sets S2AP[1] (writable-dirty) instead of a Permission fault.
    /// </summary>
    public bool HardwareDirty { get; init; }

    /// <summary>FEAT_XNX: descriptor bits 54:53 are XN[1:0] (split by privilege); otherwise only bit 54 counts.</summary>
    public bool ExtendedExecuteNever { get; init; }

    /// <summary>
    /// The implementation's physical address size is 52 bits (Arm ARM AArch64.PAMax() = 52; an SMMU's IDR5.OAS = 52):
    /// with the 64K granule, level-1 blocks are allowed (AArch64.BlockDescSupported).
    /// </summary>
    public bool PhysicalAddress52 { get; init; }

    /// <summary>Validates guest-supplied values; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryCreate(ulong tableBase, TranslationGranule granule, int t0sz, int sl0, int outputSize, out Stage2Config config, out WalkConfigError error)
    {
        error = Check(granule, t0sz, sl0, outputSize);
        config = error == WalkConfigError.None ? new Stage2Config(tableBase, granule, t0sz, sl0, outputSize) : default;
        return error == WalkConfigError.None;
    }

    /// <summary>Builds the configuration whose SL0 encodes <paramref name="startLevel"/> (throws if none does).</summary>
    public static Stage2Config ForStartLevel(ulong tableBase, TranslationGranule granule, int t0sz, int startLevel, int outputSize)
    {
        var sl0 = VmsaGeometry.Stage2Sl0(granule, startLevel);
        if (sl0 < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(startLevel), startLevel, $"No SL0 encodes start level {startLevel} with granule {granule}.");
        }

        return new Stage2Config(tableBase, granule, t0sz, sl0, outputSize);
    }

    private static WalkConfigError Check(TranslationGranule granule, int t0sz, int sl0, int outputSize)
    {
        if (!VmsaGeometry.IsDefined(granule))
        {
            return WalkConfigError.InvalidGranule;
        }

        if (t0sz is < 16 or > 39)
        {
            return WalkConfigError.InputSizeOutOfRange;
        }

        if (outputSize is < 32 or > 52)
        {
            return WalkConfigError.OutputSizeOutOfRange;
        }

        var level = VmsaGeometry.Stage2StartLevel(granule, sl0);
        if (level < 0)
        {
            return WalkConfigError.ReservedStartLevel;
        }

        // The start table resolves every input bit above its level shift: at least one bit, and at most a
        // stride plus four (16 concatenated tables), Arm ARM VTCR_EL2.SL0 / QEMU VMSA_MAX_S2_CONCAT.
        var indexBits = 64 - t0sz - VmsaGeometry.LevelShift(granule, level);
        return indexBits < 1 || indexBits > VmsaGeometry.Stride(granule) + 4 ? WalkConfigError.StartLevelInconsistent : WalkConfigError.None;
    }
}
