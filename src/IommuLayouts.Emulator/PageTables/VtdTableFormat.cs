namespace IommuLayouts.Emulator.PageTables;

/// <summary>The two VT-d paging-structure formats.</summary>
public enum VtdTableFormat : byte
{
    /// <summary>First stage (IA-32e-compatible: P, R/W, U/S, A, D, PS, XD), 4 or 5 levels.</summary>
    FirstStage,

    /// <summary>Second stage (R, W, X, PS, SNP; no present bit), 3, 4 or 5 levels.</summary>
    SecondStage,
}
