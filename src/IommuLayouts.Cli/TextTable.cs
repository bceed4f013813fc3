using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace IommuLayouts.Cli;

/// <summary>
/// A table for people: left-aligned columns padded to their widest cell, two spaces apart. Cells are plain
/// text; a per-column style (colour) is applied after padding so escape codes never break the alignment.
/// </summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = new();
    private readonly Func<string, string>?[] _styles;

    public TextTable(params string[] headers)
    {
        _headers = headers;
        _styles = new Func<string, string>?[headers.Length];
    }

    public int RowCount => _rows.Count;

    /// <summary>Styles every cell of column <paramref name="column"/> (not its header).</summary>
    public TextTable StyleColumn(int column, Func<string, string> style)
    {
        _styles[column] = style;
        return this;
    }

    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"a row of this table has {_headers.Length} cells, not {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void WriteTo(TextWriter writer, Style style, string indent = "")
    {
        var widths = new int[_headers.Length];
        for (var c = 0; c < _headers.Length; c++)
        {
            widths[c] = _headers[c].Length;
            foreach (var row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        WriteRow(writer, indent, _headers, widths, c => style.Bold);
        foreach (var row in _rows)
        {
            WriteRow(writer, indent, row, widths, c => _styles[c]);
        }
    }

    private static void WriteRow(TextWriter writer, string indent, string[] cells, int[] widths, Func<int, Func<string, string>?> styleOf)
    {
        var sb = new StringBuilder(indent);
        for (var c = 0; c < cells.Length; c++)
        {
            var last = c == cells.Length - 1;
            var cell = cells[c];
            var style = styleOf(c);
            sb.Append(style is null ? cell : style(cell));
            if (!last)
            {
                sb.Append(' ', widths[c] - cell.Length + 2);
            }
        }

        writer.WriteLine(sb.ToString().TrimEnd());
    }
}
