using Xunit;

namespace IommuLayouts.Specs.Tests.Vtd;

internal static class ViolationAssert
{
    /// <summary>The report holds exactly one violation, with this rule and bit range (and message, when given).</summary>
    public static void Single(ValidationReport report, string rule, int lo, int hi, string? message = null)
    {
        Assert.False(report.IsValid, "expected a violation, the entry validated");
        Assert.True(report.Count == 1, "expected one violation, got:\n" + report);
        var v = report[0];
        Assert.Equal(rule, v.Rule);
        Assert.Equal(lo, v.Lo);
        Assert.Equal(hi, v.Hi);
        if (message is not null)
        {
            Assert.Equal(message, v.Message);
        }
    }

    public static void Valid(ValidationReport report) => Assert.True(report.IsValid, "expected a valid entry, got:\n" + report);
}
