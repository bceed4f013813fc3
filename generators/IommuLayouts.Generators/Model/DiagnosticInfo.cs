using System.Linq;
using IommuLayouts.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace IommuLayouts.Generators.Model;

/// <summary>A diagnostic as equatable data: descriptor id, location, message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params object?[] arguments) =>
        new(descriptor.Id, LocationInfo.From(location),
            arguments.Select(a => a?.ToString() ?? string.Empty).ToEquatableArray());

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(DiagnosticDescriptors.ById(Id), Location?.ToLocation(), Arguments.Cast<object>().ToArray());
}
