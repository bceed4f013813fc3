using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace IommuLayouts.Generators.Model;

/// <summary>A location as plain data (file, span, line span), so diagnostics can live in cached pipeline values.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
