using System;

namespace IommuLayouts;

/// <summary>What a tool can do with an entry of a format it knows only by its <see cref="LayoutInfo"/>.</summary>
public interface ILayoutOps
{
    /// <summary>Runs the format's generated <c>Validate()</c> (RES0/RES1, enums, alignment and its own rules) on an entry given as words.</summary>
    ValidationReport Validate(ReadOnlySpan<ulong> words);

    /// <summary>The generated <c>ToString()</c> of an entry given as words.</summary>
    string Format(ReadOnlySpan<ulong> words);
}
