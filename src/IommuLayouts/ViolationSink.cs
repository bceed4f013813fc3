using System;
using System.Collections.Generic;
using System.Globalization;

namespace IommuLayouts;

/// <summary>
/// Where <c>Validate()</c> and a layout's cross-field rule hook (<c>partial void CheckRules(ref ViolationSink sink)</c>)
/// write what they find. Nothing is allocated until the first violation.
/// </summary>
public struct ViolationSink
{
    private List<Violation>? _violations;

    /// <summary>True once anything has been reported.</summary>
    public readonly bool HasViolations => _violations is { Count: > 0 };

    /// <summary>Number of violations reported so far.</summary>
    public readonly int Count => _violations?.Count ?? 0;

    /// <summary>Reports a broken rule over absolute bits <paramref name="lo"/>..<paramref name="hi"/>.</summary>
    public void Report(string rule, int lo, int hi, string message)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(message);
        if (lo < 0 || hi < lo)
        {
            throw new ArgumentOutOfRangeException(nameof(hi), $"bit range {lo}..{hi} is not a valid range");
        }

        (_violations ??= new List<Violation>(4)).Add(new Violation(rule, lo, hi, message));
    }

    /// <summary>Reports a broken rule that concerns one field.</summary>
    public void Report(string rule, BitFieldInfo field, string message)
    {
        ArgumentNullException.ThrowIfNull(field);
        Report(rule, field.Lo, field.Hi, message);
    }

    /// <summary>
    /// Reports the reserved bits set in <paramref name="wrongBits"/> of word <paramref name="wordIndex"/>:
    /// one violation per run of adjacent wrong bits, runs that continue from the previous word merged.
    /// </summary>
    public void ReportReservedBits(int wordIndex, ulong wrongBits, bool res1)
    {
        var rule = res1 ? Violation.Res1 : Violation.Res0;
        while (wrongBits != 0)
        {
            var start = System.Numerics.BitOperations.TrailingZeroCount(wrongBits);
            var run = System.Numerics.BitOperations.TrailingZeroCount(~(wrongBits >> start));
            if (start + run > 64)
            {
                run = 64 - start;
            }

            var lo = (wordIndex * 64) + start;
            var hi = lo + run - 1;
            wrongBits = run + start >= 64 ? 0 : wrongBits & ~(((1UL << run) - 1) << start);

            var list = _violations ??= new List<Violation>(4);
            if (list.Count > 0 && list[^1] is var last && last.Rule == rule && last.Hi == lo - 1)
            {
                list[^1] = new Violation(rule, last.Lo, hi, ReservedMessage(res1, last.Lo, hi));
            }
            else
            {
                list.Add(new Violation(rule, lo, hi, ReservedMessage(res1, lo, hi)));
            }
        }
    }

    /// <summary>Reports an enum field whose raw value its enum type does not define.</summary>
    public void ReportUndefinedEnum(string field, int lo, int hi, ulong raw, string enumType) =>
        Report(Violation.UndefinedEnum, lo, hi,
            string.Create(CultureInfo.InvariantCulture, $"{field} = {raw} (0x{raw:X}) is not a defined {enumType} encoding"));

    /// <summary>Reports a shifted address that is not aligned to 2^<paramref name="alignBits"/> bytes.</summary>
    public void ReportMisalignedAddress(string field, int lo, int hi, ulong address, int alignBits) =>
        Report(Violation.Alignment, lo, hi,
            string.Create(CultureInfo.InvariantCulture, $"{field} = 0x{address:X} is not aligned to {1UL << alignBits} bytes"));

    /// <summary>The report of everything reported so far.</summary>
    public readonly ValidationReport ToReport() =>
        _violations is { Count: > 0 } list ? new ValidationReport(list.ToArray()) : default;

    private static string ReservedMessage(bool res1, int lo, int hi)
    {
        var bits = lo == hi
            ? "bit " + lo.ToString(CultureInfo.InvariantCulture) + (res1 ? " is clear" : " is set")
            : "bits " + lo.ToString(CultureInfo.InvariantCulture) + ".." + hi.ToString(CultureInfo.InvariantCulture) + (res1 ? " are clear" : " are set");
        return (res1 ? "RES1 " : "RES0 ") + bits;
    }
}
