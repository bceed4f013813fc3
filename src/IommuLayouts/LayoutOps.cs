using System;

namespace IommuLayouts;

/// <summary>Bridges a generated layout type to <see cref="ILayoutOps"/> through its static abstract members (no reflection).</summary>
public sealed class LayoutOps<T> : ILayoutOps
    where T : struct, IBitLayout<T>
{
    public static readonly LayoutOps<T> Instance = new();

    private LayoutOps()
    {
    }

    public ValidationReport Validate(ReadOnlySpan<ulong> words) => T.FromWords(words).Validate();

    public string Format(ReadOnlySpan<ulong> words) => T.FromWords(words).ToString() ?? string.Empty;
}
