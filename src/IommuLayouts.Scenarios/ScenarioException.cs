using System;

namespace IommuLayouts.Scenarios;

/// <summary>A scenario file that cannot be run: the JSON path of the bad input and what is wrong with it.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(string path, string message)
        : base($"{path}: {message}")
    {
        Path = path;
        Problem = message;
    }

    public ScenarioException()
        : this("$", "invalid scenario")
    {
    }

    public ScenarioException(string message)
        : this("$", message)
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "$";
        Problem = message;
    }

    /// <summary>Where in the file, e.g. <c>$.requests[2].address</c>.</summary>
    public string Path { get; } = "$";

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; } = string.Empty;
}
