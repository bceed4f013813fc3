using System;

namespace IommuLayouts.Cli;

/// <summary>
/// Bad usage or unreadable input (an unknown format, malformed hex, a field that does not exist...).
/// <see cref="CliApp"/> turns it into one line on standard error and exit code 2; it never escapes the tool.
/// </summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
