namespace IommuLayouts.Emulator.Registers;

/// <summary>Register values through their generated layouts, shared by the SMMUv3 and VT-d register files.</summary>
internal static class RegisterValue
{
    /// <summary>The 32-bit value of a register layout of 32 bits or less.</summary>
    public static uint Word<T>(T register)
        where T : struct, IBitLayout<T> => (uint)register.GetWord(0);

    /// <summary>
    /// The register value <paramref name="value"/> with only the layout's declared fields kept (its RES0 bits cleared),
    /// for registers whose every architected field the model implements.
    /// </summary>
    public static T Declared<T>(ulong value)
        where T : struct, IBitLayout<T> => T.FromWords([value & ~T.Layout.Res0Mask[0]]);
}
