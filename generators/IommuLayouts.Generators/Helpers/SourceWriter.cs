using System.Text;

namespace IommuLayouts.Generators.Helpers;

/// <summary>A small indented text writer for emitted C# (4-space indents, LF line ends).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public void OpenBrace()
    {
        WriteLine("{");
        _indent++;
    }

    public void CloseBrace(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
    }

    public void WriteLine()
    {
        _sb.Append('\n');
    }

    public void WriteLine(string text)
    {
        if (text.Length == 0)
        {
            _sb.Append('\n');
            return;
        }

        _sb.Append(' ', _indent * 4);
        _sb.Append(text);
        _sb.Append('\n');
    }

    public override string ToString() => _sb.ToString();
}
