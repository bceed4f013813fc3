namespace IommuLayouts.Cli;

/// <summary>The process exit codes of <c>iommu-layouts</c> (docs/cli.md lists them for users).</summary>
public static class ExitCodes
{
    /// <summary>The request was carried out (a diff with differences is still a success).</summary>
    public const int Success = 0;

    /// <summary>A valid request whose answer is "no": <c>validate</c> found violations.</summary>
    public const int No = 1;

    /// <summary>Bad usage or unreadable input: the one-line message on standard error names the problem.</summary>
    public const int Usage = 2;

    /// <summary>A bug in the tool itself (BSD sysexits EX_SOFTWARE); never expected.</summary>
    public const int InternalError = 70;
}
