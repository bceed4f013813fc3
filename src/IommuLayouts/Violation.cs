using System;

namespace IommuLayouts;

/// <summary>
/// One broken rule of a descriptor: which rule (<see cref="Rule"/>, a stable id such as <c>RES0</c> or a
/// format's own rule name), which absolute bits it concerns, and a message for people.
/// </summary>
public readonly record struct Violation(string Rule, int Lo, int Hi, string Message)
{
    /// <summary>Rule id of a RES0 bit found set.</summary>
    public const string Res0 = "RES0";

    /// <summary>Rule id of a RES1 bit found clear.</summary>
    public const string Res1 = "RES1";

    /// <summary>Rule id of an enum field holding a value its enum does not define.</summary>
    public const string UndefinedEnum = "ENUM";

    /// <summary>Rule id of a shifted-address field whose address is not aligned as the architecture requires.</summary>
    public const string Alignment = "ALIGN";

    /// <summary>The bits as <c>lo..hi</c>, or a single number.</summary>
    public string Bits => Lo == Hi ? Lo.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Lo}..{Hi}";

    public override string ToString() => $"{Rule} [{Bits}]: {Message}";
}
