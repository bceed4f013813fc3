using System.Collections.Generic;
using System.Linq;
using System.Threading;
using IommuLayouts.Generators.Helpers;
using IommuLayouts.Generators.Model;
using Microsoft.CodeAnalysis;

namespace IommuLayouts.Generators;

public sealed partial class BitLayoutGenerator
{
    /// <summary>The used-bit attributes ([LiveWhen], [UsedWhen], [UpdateSafe]) of a layout, checked against its fields.</summary>
    internal static class UsedBitsParser
    {
        private const string LiveWhen = "LiveWhenAttribute";
        private const string UsedWhen = "UsedWhenAttribute";
        private const string UpdateSafe = "UpdateSafeAttribute";

        /// <summary>Reads the gate and the per-field usage; reports every misuse and returns false if any.</summary>
        public static bool Parse(
            INamedTypeSymbol type,
            IReadOnlyList<FieldSpec> fields,
            List<DiagnosticInfo> diagnostics,
            CancellationToken ct,
            out string? gate,
            out EquatableArray<FieldUsageSpec> usage)
        {
            var ok = true;
            gate = null;
            var byName = fields.ToDictionary(f => f.Name, System.StringComparer.Ordinal);
            foreach (var attribute in type.GetAttributes().Where(a => IsRuntime(a, LiveWhen)))
            {
                var location = Location(attribute, ct) ?? type.Locations.FirstOrDefault();
                var name = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                if (name is null || !byName.TryGetValue(name, out var field))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UsedBitsUnknownField, location, "LiveWhen", type.Name, name ?? "(null)", type.Name));
                    ok = false;
                }
                else if (field.Kind != FieldKindSpec.Flag)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UsedBitsInvalid, location, "LiveWhen", type.Name,
                        "the gate '" + name + "' must be a one-bit bool field"));
                    ok = false;
                }
                else
                {
                    gate = name;
                }
            }

            var list = new List<FieldUsageSpec>();
            foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
            {
                if (!byName.TryGetValue(property.Name, out var self))
                {
                    continue;
                }

                var conditions = new List<UsedConditionSpec>();
                var safe = false;
                var safeValues = new List<ulong>();
                string? unlessSet = null;
                foreach (var attribute in property.GetAttributes())
                {
                    var location = Location(attribute, ct) ?? property.Locations.FirstOrDefault();
                    if (IsRuntime(attribute, UsedWhen))
                    {
                        var args = attribute.ConstructorArguments;
                        var name = args.Length > 0 ? args[0].Value as string : null;
                        if (name is null || !byName.TryGetValue(name, out var discriminator))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UsedBitsUnknownField, location, "UsedWhen", property.Name, name ?? "(null)", type.Name));
                            ok = false;
                            continue;
                        }

                        if (name == property.Name || name == gate)
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UsedBitsInvalid, location, "UsedWhen", property.Name,
                                name == gate ? "the gate '" + name + "' is implied by every condition; name the discriminator instead" : "a field cannot select itself"));
                            ok = false;
                            continue;
                        }

                        var values = args.Length > 1 ? Values(args[1]) : new List<TypedConstant>();
                        if (!TryRawValues(discriminator, values, out var raw, out var problem))
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UsedBitsInvalid, location, "UsedWhen", property.Name, problem));
                            ok = false;
                            continue;
                        }

                        conditions.Add(new UsedConditionSpec(name, raw.ToEquatableArray()));
                    }
                    else if (IsRuntime(attribute, UpdateSafe))
                    {
                        safe = true;
                        foreach (var named in attribute.NamedArguments)
                        {
                            if (named.Key == "Values" && !named.Value.IsNull)
                            {
                                if (!TryRawValues(self, Values(named.Value), out var raw, out var problem) || raw.Count == 0)
                                {
                                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UsedBitsInvalid, location, "UpdateSafe", property.Name,
                                        raw.Count == 0 && problem.Length == 0 ? "Values lists no value" : problem));
                                    ok = false;
                                }
                                else
                                {
                                    safeValues.AddRange(raw);
                                }
                            }
                            else if (named.Key == "UnlessSet" && named.Value.Value is string flag)
                            {
                                if (!byName.TryGetValue(flag, out var other))
                                {
                                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UsedBitsUnknownField, location, "UpdateSafe", property.Name, flag, type.Name));
                                    ok = false;
                                }
                                else if (other.Kind != FieldKindSpec.Flag)
                                {
                                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UsedBitsInvalid, location, "UpdateSafe", property.Name,
                                        "UnlessSet names '" + flag + "', which is not a one-bit bool field"));
                                    ok = false;
                                }
                                else
                                {
                                    unlessSet = flag;
                                }
                            }
                        }
                    }
                }

                if (conditions.Count > 0 || safe)
                {
                    list.Add(new FieldUsageSpec(property.Name, conditions.ToEquatableArray(), safe,
                        safeValues.Distinct().OrderBy(v => v).ToEquatableArray(), unlessSet));
                }
            }

            ok &= CheckCycles(list, fields, diagnostics);
            usage = list.OrderBy(u => byName[u.Field].Lo).ThenBy(u => u.Field, System.StringComparer.Ordinal).ToEquatableArray();
            return ok;
        }

        private static bool CheckCycles(List<FieldUsageSpec> usage, IReadOnlyList<FieldSpec> fields, List<DiagnosticInfo> diagnostics)
        {
            var dependsOn = usage.ToDictionary(u => u.Field, u => u.Conditions.Select(c => c.Field).Distinct().ToList(), System.StringComparer.Ordinal);
            foreach (var start in dependsOn.Keys.OrderBy(k => k, System.StringComparer.Ordinal))
            {
                var seen = new HashSet<string>(System.StringComparer.Ordinal);
                var stack = new Stack<string>(dependsOn[start]);
                while (stack.Count > 0)
                {
                    var next = stack.Pop();
                    if (next == start)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UsedBitsCycle, null, start, dependsOn[start][0]));
                        return false;
                    }

                    if (seen.Add(next) && dependsOn.TryGetValue(next, out var more))
                    {
                        foreach (var m in more)
                        {
                            stack.Push(m);
                        }
                    }
                }
            }

            return true;
        }

        private static List<TypedConstant> Values(TypedConstant argument) =>
            argument.Kind == TypedConstantKind.Array ? argument.Values.ToList() : new List<TypedConstant> { argument };

        /// <summary>The raw encodings of <paramref name="values"/> for a discriminator field, or why they do not fit it.</summary>
        private static bool TryRawValues(FieldSpec field, List<TypedConstant> values, out List<ulong> raw, out string problem)
        {
            raw = new List<ulong>();
            problem = string.Empty;
            if (field.Kind is not (FieldKindSpec.Flag or FieldKindSpec.Enum))
            {
                problem = "the discriminator '" + field.Name + "' must be a bool or enum field";
                return false;
            }

            foreach (var value in values)
            {
                if (field.Kind == FieldKindSpec.Flag)
                {
                    if (value.Value is bool b)
                    {
                        raw.Add(b ? 1UL : 0UL);
                        continue;
                    }

                    problem = "'" + field.Name + "' is a bool field; the values must be true or false, not " + Show(value);
                    return false;
                }

                var typeName = value.Type?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                if (typeName != field.TypeName || value.Value is null || !Parser.TryToUInt64(value.Value, out var v) || (field.Width < 64 && v >> field.Width != 0))
                {
                    problem = "the value " + Show(value) + " is not a " + field.TypeName.Replace("global::", string.Empty) + " that fits '" + field.Name + "'";
                    return false;
                }

                raw.Add(v);
            }

            if (raw.Count == 0)
            {
                problem = "no value of '" + field.Name + "' is given";
                return false;
            }

            raw = raw.Distinct().OrderBy(v => v).ToList();
            return true;
        }

        private static string Show(TypedConstant value) =>
            value.Kind == TypedConstantKind.Array ? "an array" : System.Convert.ToString(value.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "null";

        private static bool IsRuntime(AttributeData attribute, string name) => Parser.IsRuntimeAttribute(attribute, name);

        private static Location? Location(AttributeData attribute, CancellationToken ct) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation();
    }
}
