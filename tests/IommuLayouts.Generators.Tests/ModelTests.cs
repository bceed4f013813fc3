using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using IommuLayouts.Generators.Model;
using Microsoft.CodeAnalysis;
using Xunit;

namespace IommuLayouts.Generators.Tests;

/// <summary>
/// The pipeline models must be plain data: a symbol, syntax node, location or compilation in a cached value
/// roots old compilations and defeats caching (the check System.Text.Json's generator tests make).
/// </summary>
public sealed class ModelTests
{
    private static readonly Type[] s_forbidden =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(AttributeData),
    };

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_locations_or_compilations()
    {
        var visited = new HashSet<Type>();
        var offenders = new List<string>();
        Walk(typeof(ParseResult), "ParseResult", visited, offenders);
        Walk(typeof(CatalogEntry), "CatalogEntry", visited, offenders);

        Assert.Empty(offenders);
        Assert.Contains(typeof(FieldSpec), visited); // the walk really reached the nested models
        Assert.Contains(typeof(EnumMemberSpec), visited);
    }

    [Fact]
    public void Parsed_model_of_a_real_layout_is_value_equal_across_runs()
    {
        var source = SnapshotTests.ReadLayout("Wide512");
        var first = GeneratorHarness.Run(source).Result.Results.Single().TrackedSteps[BitLayoutGenerator.TrackingNames.Layouts].Single().Outputs.Single().Value;
        var second = GeneratorHarness.Run(source).Result.Results.Single().TrackedSteps[BitLayoutGenerator.TrackingNames.Layouts].Single().Outputs.Single().Value;

        Assert.IsType<LayoutSpec>(first);
        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    private static void Walk(Type type, string path, HashSet<Type> visited, List<string> offenders)
    {
        if (!visited.Add(type) || type.IsPrimitive || type == typeof(string) || type.IsEnum)
        {
            return;
        }

        if (s_forbidden.Any(f => f.IsAssignableFrom(type)))
        {
            offenders.Add($"{path}: {type.FullName}");
            return;
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Walk(argument, $"{path}<{argument.Name}>", visited, offenders);
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            var fieldType = field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType;
            Walk(fieldType, $"{path}.{field.Name}", visited, offenders);
        }
    }
}
