using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;

namespace IommuLayouts;

/// <summary>
/// Every violation found in a descriptor, in bit order of discovery. A valid entry's report is the
/// default value and allocated nothing.
/// </summary>
public readonly struct ValidationReport : IReadOnlyList<Violation>
{
    private readonly Violation[]? _violations;

    internal ValidationReport(Violation[] violations) => _violations = violations;

    /// <summary>The report of an entry that breaks no rule.</summary>
    public static ValidationReport Valid => default;

    /// <summary>True when no rule is broken.</summary>
    public bool IsValid => _violations is null;

    public int Count => _violations?.Length ?? 0;

    public Violation this[int index] =>
        _violations is null ? throw new ArgumentOutOfRangeException(nameof(index)) : _violations[index];

    /// <summary>The violations as a span (empty when valid).</summary>
    public ReadOnlySpan<Violation> AsSpan() => _violations;

    /// <summary>True when some violation has the given rule id.</summary>
    public bool Contains(string rule)
    {
        foreach (var v in AsSpan())
        {
            if (string.Equals(v.Rule, rule, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public ReadOnlySpan<Violation>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

    IEnumerator<Violation> IEnumerable<Violation>.GetEnumerator() =>
        ((IEnumerable<Violation>)(_violations ?? Array.Empty<Violation>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<Violation>)this).GetEnumerator();

    public override string ToString()
    {
        if (_violations is null)
        {
            return "valid";
        }

        var sb = new StringBuilder();
        foreach (var v in _violations)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(v.ToString());
        }

        return sb.ToString();
    }
}
