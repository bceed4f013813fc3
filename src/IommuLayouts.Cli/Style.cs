namespace IommuLayouts.Cli;

/// <summary>
/// ANSI styling, applied only when the tool writes to a terminal (<see cref="CliApp"/> is told by Program.cs,
/// which also honours <c>NO_COLOR</c>); otherwise every method returns its text unchanged, so pipes and
/// files never see escape codes.
/// </summary>
internal sealed class Style
{
    private readonly bool _enabled;

    public Style(bool enabled) => _enabled = enabled;

    public string Bold(string text) => Wrap("1", text);

    public string Dim(string text) => Wrap("2", text);

    public string Red(string text) => Wrap("31", text);

    public string Green(string text) => Wrap("32", text);

    public string Yellow(string text) => Wrap("33", text);

    public string Cyan(string text) => Wrap("36", text);

    private string Wrap(string code, string text) => _enabled && text.Length > 0 ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
