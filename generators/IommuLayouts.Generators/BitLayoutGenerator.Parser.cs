using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using IommuLayouts.Generators.Helpers;
using IommuLayouts.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IommuLayouts.Generators;

public sealed partial class BitLayoutGenerator
{
    /// <summary>Turns an attributed struct into a <see cref="LayoutSpec"/> and its diagnostics. Pure: symbols in, data out.</summary>
    internal static class Parser
    {
        private const string RuntimeNamespace = "IommuLayouts";

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax syntax)
            {
                return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty, null);
            }

            try
            {
                return ParseLayout(context, type, syntax, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A last line of defence: the generator must never crash the compiler (CS8785). The broken-spec
                // corpus test asserts that BL0099 never appears, so any path reaching here is a bug we see.
                var info = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, syntax.Identifier.GetLocation(), type.Name, ex.GetType().Name + ": " + ex.Message);
                return new ParseResult(null, new[] { info }.ToEquatableArray(), null);
            }
        }

        private static ParseResult ParseLayout(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, TypeDeclarationSyntax syntax, CancellationToken ct)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var typeLocation = syntax.Identifier.GetLocation();
            var layoutAttribute = context.Attributes.Length > 0 ? context.Attributes[0] : null;

            ParseResult Fail() => new(null, diagnostics.ToEquatableArray(), null);

            if (!IsPartial(type))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayoutNotPartial, typeLocation, type.Name));
                return Fail();
            }

            var containing = new List<ContainingType>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (!IsPartial(outer))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, typeLocation, type.Name, outer.Name));
                    return Fail();
                }

                containing.Insert(0, new ContainingType(KeywordOf(outer), outer.Name));
            }

            if (type.IsGenericType || type.ContainingType?.IsGenericType == true)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericLayout, typeLocation, type.Name));
                return Fail();
            }

            if (type.IsReadOnly || type.IsRefLikeType || type.IsRecord)
            {
                // A record struct synthesizes the equality and ToString members the generator writes.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReadOnlyLayout, typeLocation, type.Name,
                    type.IsRecord ? "record" : type.IsReadOnly && type.IsRefLikeType ? "readonly ref" : type.IsReadOnly ? "readonly" : "ref"));
                return Fail();
            }

            var hasErrors = false;
            var sizeBits = 0;
            string? name = null, spec = null, summary = null;
            if (layoutAttribute is not null)
            {
                if (layoutAttribute.ConstructorArguments.Length == 1 && layoutAttribute.ConstructorArguments[0].Value is int size)
                {
                    sizeBits = size;
                }

                foreach (var named in layoutAttribute.NamedArguments)
                {
                    var value = named.Value.Value as string;
                    switch (named.Key)
                    {
                        case "Name": name = value; break;
                        case "Spec": spec = value; break;
                        case "Summary": summary = value; break;
                    }
                }
            }

            var layoutName = string.IsNullOrWhiteSpace(name) ? type.Name : name!;
            summary ??= DocSummary(syntax);

            if (sizeBits < 8 || sizeBits > 1024 || sizeBits % 8 != 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayoutSize, AttributeLocation(layoutAttribute, ct) ?? typeLocation, type.Name, sizeBits));
                hasErrors = true;
            }

            var sizeKnown = !hasErrors;

            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    var reported = field.AssociatedSymbol ?? field;
                    if (reported.IsImplicitlyDeclared)
                    {
                        continue;
                    }

                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InstanceFieldNotAllowed, reported.Locations.FirstOrDefault(), type.Name, reported.Name));
                    hasErrors = true;
                }
            }

            // The storage words are the generator's business: code in the spec that names them would break when the
            // storage changes. The generated part is not in the compilation the generator sees, so every
            // declaration here is hand-written.
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                foreach (var identifier in reference.GetSyntax(ct).DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (IsStorageName(identifier.Identifier.ValueText))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratedStorageReferenced, identifier.GetLocation(), type.Name, identifier.Identifier.ValueText));
                    }
                }
            }

            var ignored = new List<(RangeSpec Range, Location? Location)>();
            var res1 = new List<(RangeSpec Range, Location? Location)>();
            foreach (var attribute in type.GetAttributes())
            {
                var target = IsRuntimeAttribute(attribute, "IgnoredAttribute") ? ignored
                    : IsRuntimeAttribute(attribute, "Res1Attribute") ? res1
                    : null;
                if (target is null || !TryGetRange(attribute, out var lo, out var hi))
                {
                    continue;
                }

                var location = AttributeLocation(attribute, ct) ?? typeLocation;
                var what = target == ignored ? "Ignored range" : "RES1 range";
                if (lo > hi)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReversedRange, location, what, lo, hi));
                    hasErrors = true;
                    continue;
                }

                if (sizeKnown && (lo < 0 || hi >= sizeBits))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RangeOutsideLayout, location, what, lo, hi, sizeBits, sizeBits - 1));
                    hasErrors = true;
                    continue;
                }

                target.Add((new RangeSpec(lo, hi), location));
            }

            var fields = new List<(FieldSpec Field, Location? Location)>();
            var stubs = new List<FieldSpec>();
            foreach (var member in type.GetMembers())
            {
                ct.ThrowIfCancellationRequested();
                if (member is not IPropertySymbol property || property.IsImplicitlyDeclared)
                {
                    continue;
                }

                var parsed = ParseField(property, type, sizeBits, sizeKnown, diagnostics, ct, out var fieldHasErrors, out var location);
                if (parsed is null)
                {
                    hasErrors |= fieldHasErrors;
                    continue;
                }

                if (fieldHasErrors)
                {
                    hasErrors = true;
                    stubs.Add(parsed);
                }
                else
                {
                    fields.Add((parsed, location));
                }
            }

            hasErrors |= CheckOverlaps(fields, ignored, res1, diagnostics);

            var hasRuleHook = false;
            var declareRuleHook = false;
            var ruleHookReadOnly = true;
            foreach (var method in type.GetMembers("CheckRules").OfType<IMethodSymbol>())
            {
                if (IsValidRuleHook(method))
                {
                    hasRuleHook = true;

                    // A hook written as an implementation only ("partial void CheckRules(...) { ... }") gets its
                    // defining declaration from the generator, so a spec needs to write the method once.
                    declareRuleHook = method.IsPartialDefinition is false && method.PartialDefinitionPart is null && IsPartialMethod(method, ct);

                    // Validate() is readonly only if the hook it calls is: a non-readonly call would copy the entry.
                    if (!HasReadOnlyModifier(method, ct))
                    {
                        ruleHookReadOnly = false;
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNotReadOnly, method.Locations.FirstOrDefault(), method.Name,
                            "write 'readonly partial void CheckRules(ref ViolationSink sink)' so that Validate() can be readonly"));
                    }
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRuleHook, method.Locations.FirstOrDefault(), type.Name,
                        method.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                    hasErrors = true;
                }
            }

            var usedBitsOk = UsedBitsParser.Parse(type, fields.Select(f => f.Field).ToList(), diagnostics, ct, out var gate, out var usage);
            hasErrors |= !usedBitsOk;

            var allFields = fields.Select(f => f.Field).Concat(stubs).OrderBy(f => f.Lo).ThenBy(f => f.Name, StringComparer.Ordinal).ToEquatableArray();
            var layout = new LayoutSpec(
                new TypeHierarchy(
                    type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                    containing.ToEquatableArray(),
                    type.Name,
                    AccessibilityText(type.DeclaredAccessibility)),
                layoutName,
                summary,
                spec,
                sizeBits,
                allFields,
                ignored.Select(r => r.Range).OrderBy(r => r.Lo).ToEquatableArray(),
                res1.Select(r => r.Range).OrderBy(r => r.Lo).ToEquatableArray(),
                hasRuleHook,
                declareRuleHook,
                ruleHookReadOnly,
                hasErrors,
                IsEffectivelyPublic(type),
                gate,
                usage);

            var nameEntry = hasErrors ? null : new LayoutNameEntry(layoutName, layout.Type.FullyQualifiedName, LocationInfo.From(AttributeLocation(layoutAttribute, ct) ?? typeLocation));
            return new ParseResult(layout, diagnostics.ToEquatableArray(), nameEntry);
        }

        private static FieldSpec? ParseField(
            IPropertySymbol property,
            INamedTypeSymbol layout,
            int sizeBits,
            bool sizeKnown,
            List<DiagnosticInfo> diagnostics,
            CancellationToken ct,
            out bool hasErrors,
            out Location? location)
        {
            hasErrors = false;
            location = property.Locations.FirstOrDefault();
            AttributeData? bit = null, bits = null, address = null;
            foreach (var attribute in property.GetAttributes())
            {
                if (IsRuntimeAttribute(attribute, "BitAttribute"))
                {
                    bit = attribute;
                }
                else if (IsRuntimeAttribute(attribute, "BitsAttribute"))
                {
                    bits = attribute;
                }
                else if (IsRuntimeAttribute(attribute, "AddressAttribute"))
                {
                    address = attribute;
                }
            }

            var isPartialDefinition = property.IsPartialDefinition;
            if (bit is null && bits is null)
            {
                if (isPartialDefinition && property.PartialImplementationPart is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingBitAttribute, location, property.Name, layout.Name));
                    hasErrors = true;
                }

                // A plain (non-partial) property computed from fields is the user's own business.
                return null;
            }

            if (s_generatedMemberNames.Contains(property.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameCollidesWithGeneratedMember, location, property.Name));
                hasErrors = true;
                return null;
            }

            var attributeForLocation = bits ?? bit!;
            var attributeLocation = AttributeLocation(attributeForLocation, ct) ?? location;

            if (bit is not null && bits is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingBitAttributes, location, property.Name));
                hasErrors = true;
                return isPartialDefinition ? StubField(property) : null;
            }

            if (!isPartialDefinition || property.PartialImplementationPart is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PropertyNotPartial, location, property.Name));
                hasErrors = true;
                return null;
            }

            if (property.IsStatic || property.IsIndexer)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAccessors, location, property.Name,
                    property.IsStatic ? "a field is an instance property, not static" : "a field cannot be an indexer"));
                hasErrors = true;
                return StubField(property);
            }

            if (property.GetMethod is null || property.SetMethod?.IsInitOnly == true || property.ReturnsByRef || property.ReturnsByRefReadonly)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAccessors, location, property.Name,
                    property.GetMethod is null ? "a field needs a get accessor" : property.SetMethod?.IsInitOnly == true ? "init accessors are not supported; use set" : "ref-returning fields are not supported"));
                hasErrors = true;
                return StubField(property);
            }

            var propertyReadOnly = HasReadOnlyModifier(property, ct);
            if (propertyReadOnly && property.SetMethod is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAccessors, location, property.Name,
                    "a readonly property cannot have a set accessor; mark the getter readonly instead ('{ readonly get; set; }')"));
                hasErrors = true;
                return StubField(property);
            }

            if (!propertyReadOnly && !HasReadOnlyModifier(property.GetMethod, ct))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNotReadOnly, location, property.Name,
                    "declare the getter readonly ('{ readonly get; set; }', or 'readonly partial' for a get-only field) so that reading it through an 'in' parameter or a readonly field does not copy the entry"));
            }

            int lo, hi;
            string? doc = null, fieldSpec = null;
            var checkEnum = true;
            if (bit is not null)
            {
                if (bit.ConstructorArguments.Length != 1 || bit.ConstructorArguments[0].Value is not int position)
                {
                    hasErrors = true;
                    return StubField(property);
                }

                lo = hi = position;
                ReadDocAndSpec(bit, ref doc, ref fieldSpec, ref checkEnum);
            }
            else
            {
                if (!TryGetRange(bits!, out lo, out hi))
                {
                    hasErrors = true;
                    return StubField(property);
                }

                ReadDocAndSpec(bits!, ref doc, ref fieldSpec, ref checkEnum);
            }

            doc ??= property.DeclaringSyntaxReferences.Length > 0 ? DocSummary(property.DeclaringSyntaxReferences[0].GetSyntax(ct)) : null;

            if (lo > hi)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReversedRange, attributeLocation, "Field '" + property.Name + "'", lo, hi));
                hasErrors = true;
                return StubField(property);
            }

            if (lo < 0 || (sizeKnown && hi >= sizeBits))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RangeOutsideLayout, attributeLocation, "Field '" + property.Name + "'", lo, hi, sizeBits, sizeBits - 1));
                hasErrors = true;
                return StubField(property);
            }

            var width = hi - lo + 1;
            var propertyType = property.Type;
            FieldKindSpec kind;
            int typeBits;
            string? underlying = null;
            var isFlags = false;
            var members = new List<EnumMemberSpec>();
            if (propertyType.SpecialType == SpecialType.System_Boolean)
            {
                kind = FieldKindSpec.Flag;
                typeBits = 1;
                if (width != 1)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BoolTooWide, attributeLocation, property.Name, width));
                    hasErrors = true;
                }
            }
            else if (UnsignedBits(propertyType.SpecialType) is int unsignedBits)
            {
                kind = FieldKindSpec.Unsigned;
                typeBits = unsignedBits;
            }
            else if (propertyType is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } enumUnderlying } enumType)
            {
                kind = FieldKindSpec.Enum;
                typeBits = IntegerBits(enumUnderlying.SpecialType);
                underlying = enumUnderlying.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
                isFlags = enumType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.FlagsAttribute");
                var maxRaw = width >= 64 ? ulong.MaxValue : (1UL << width) - 1;
                foreach (var enumField in enumType.GetMembers().OfType<IFieldSymbol>())
                {
                    if (!enumField.HasConstantValue || enumField.ConstantValue is null)
                    {
                        continue;
                    }

                    if (!TryToUInt64(enumField.ConstantValue, out var value) || value > maxRaw)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EnumValueDoesNotFit, attributeLocation,
                            enumType.Name, enumField.Name, enumField.ConstantValue, width, property.Name));
                        hasErrors = true;
                        continue;
                    }

                    members.Add(new EnumMemberSpec(enumField.Name, value));
                }
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedType, location, property.Name,
                    propertyType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                hasErrors = true;
                return StubField(property);
            }

            if (kind != FieldKindSpec.Flag && width > typeBits)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeTooNarrow, attributeLocation, property.Name, width,
                    propertyType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), typeBits));
                hasErrors = true;
            }

            var addressShift = 0;
            var alignBits = 0;
            if (address is not null)
            {
                foreach (var named in address.NamedArguments)
                {
                    if (named.Key == "AlignBits" && named.Value.Value is int align)
                    {
                        alignBits = align;
                    }
                    else if (named.Key == "AddressShift" && named.Value.Value is int shift)
                    {
                        addressShift = shift;
                    }
                }

                if (!address.NamedArguments.Any(n => n.Key == "AddressShift"))
                {
                    addressShift = lo % 64;
                }

                var addressLocation = AttributeLocation(address, ct) ?? attributeLocation;
                if (kind != FieldKindSpec.Unsigned)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAddressField, addressLocation, property.Name,
                        "an address is an unsigned integer (ulong), not " + propertyType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                    hasErrors = true;
                }
                else if (addressShift < 0 || addressShift > 63)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAddressField, addressLocation, property.Name,
                        "AddressShift " + addressShift + " is not between 0 and 63"));
                    hasErrors = true;
                }
                else if (addressShift + width > typeBits)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AddressTypeCannotHold, addressLocation, property.Name,
                        addressShift, addressShift + width - 1, propertyType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                    hasErrors = true;
                }
                else if (alignBits < 0 || alignBits > 63)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAddressField, addressLocation, property.Name,
                        "AlignBits " + alignBits + " is not between 0 and 63"));
                    hasErrors = true;
                }

                if (alignBits <= addressShift)
                {
                    alignBits = 0;
                }

                kind = kind == FieldKindSpec.Unsigned ? FieldKindSpec.Address : kind;
            }

            var field = new FieldSpec(
                property.Name,
                PropertyModifiers(property, ct),
                lo,
                hi,
                kind,
                propertyType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                underlying,
                typeBits,
                property.GetMethod is not null,
                AccessorModifiers(property, property.GetMethod, ct),
                property.SetMethod is not null,
                AccessorModifiers(property, property.SetMethod, ct),
                doc,
                fieldSpec,
                addressShift,
                alignBits,
                isFlags,
                checkEnum,
                members.ToEquatableArray());
            return field;
        }

        /// <summary>Members every layout gets; a field of the same name would not compile.</summary>
        private static readonly HashSet<string> s_generatedMemberNames = new(StringComparer.Ordinal)
        {
            "SizeBits", "SizeBytes", "WordCount", "Layout", "Read", "FromWords", "WriteTo", "CopyWordsTo", "GetWord", "SetWord",
            "Validate", "ReportReservedBits", "CheckRules", "Equals", "GetHashCode", "ToString", "GetType", "__LayoutTable", "Word",
        };

        private static FieldSpec StubField(IPropertySymbol property) => new(
            property.Name,
            PropertyModifiers(property, default),
            0,
            0,
            FieldKindSpec.Unsigned,
            property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            null,
            0,
            property.GetMethod is not null,
            AccessorModifiers(property, property.GetMethod, default),
            property.SetMethod is not null,
            AccessorModifiers(property, property.SetMethod, default),
            null,
            null,
            0,
            0,
            false,
            true,
            EquatableArray<EnumMemberSpec>.Empty);

        private static bool CheckOverlaps(
            List<(FieldSpec Field, Location? Location)> fields,
            List<(RangeSpec Range, Location? Location)> ignored,
            List<(RangeSpec Range, Location? Location)> res1,
            List<DiagnosticInfo> diagnostics)
        {
            var found = false;
            for (var i = 0; i < fields.Count; i++)
            {
                for (var j = i + 1; j < fields.Count; j++)
                {
                    var a = fields[i].Field;
                    var b = fields[j].Field;
                    if (a.Lo <= b.Hi && b.Lo <= a.Hi)
                    {
                        var first = fields[i].Location?.SourceSpan.Start <= fields[j].Location?.SourceSpan.Start ? fields[j] : fields[i];
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FieldsOverlap, first.Location,
                            a.Name, Range(a.Lo, a.Hi), b.Name, Range(b.Lo, b.Hi), Math.Max(a.Lo, b.Lo)));
                        found = true;
                    }
                }

                foreach (var (range, _) in ignored)
                {
                    found |= ReportFieldOverReserved(fields[i], range, "ignored", diagnostics);
                }

                foreach (var (range, _) in res1)
                {
                    found |= ReportFieldOverReserved(fields[i], range, "RES1", diagnostics);
                }
            }

            foreach (var (range, location) in ignored)
            {
                foreach (var (other, _) in res1)
                {
                    if (range.Lo <= other.Hi && other.Lo <= range.Hi)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RangeOverlapsReserved, location,
                            "Ignored range", Range(range.Lo, range.Hi), "RES1", Range(other.Lo, other.Hi)));
                        found = true;
                    }
                }
            }

            return found;
        }

        private static bool ReportFieldOverReserved((FieldSpec Field, Location? Location) field, RangeSpec range, string what, List<DiagnosticInfo> diagnostics)
        {
            if (field.Field.Lo <= range.Hi && range.Lo <= field.Field.Hi)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RangeOverlapsReserved, field.Location,
                    "Field '" + field.Field.Name + "'", Range(field.Field.Lo, field.Field.Hi), what, Range(range.Lo, range.Hi)));
                return true;
            }

            return false;
        }

        private static string Range(int lo, int hi) => lo == hi ? lo.ToString(System.Globalization.CultureInfo.InvariantCulture) : lo + ".." + hi;

        private static bool IsStorageName(string name) =>
            name.Length > 2 && name[0] == '_' && name[1] == 'w' && name.Skip(2).All(c => c is >= '0' and <= '9');

        private static bool IsValidRuleHook(IMethodSymbol method) =>
            !method.IsStatic
            && method.ReturnsVoid
            && method.TypeParameters.Length == 0
            && method.Parameters.Length == 1
            && method.Parameters[0].RefKind == RefKind.Ref
            && method.Parameters[0].Type is INamedTypeSymbol { Name: "ViolationSink" } sink
            && sink.ContainingNamespace?.ToDisplayString() == RuntimeNamespace;

        private static bool IsPartialMethod(IMethodSymbol method, CancellationToken ct) =>
            method.DeclaringSyntaxReferences.Length > 0
            && method.DeclaringSyntaxReferences[0].GetSyntax(ct) is MethodDeclarationSyntax syntax
            && syntax.Modifiers.Any(SyntaxKind.PartialKeyword);

        internal static bool IsRuntimeAttribute(AttributeData attribute, string name) =>
            attribute.AttributeClass is { } cls
            && cls.Name == name
            && cls.ContainingNamespace?.ToDisplayString() == RuntimeNamespace;

        private static bool TryGetRange(AttributeData attribute, out int lo, out int hi)
        {
            lo = hi = 0;
            var args = attribute.ConstructorArguments;
            if (args.Length == 2 && args[0].Value is int a && args[1].Value is int b)
            {
                lo = a;
                hi = b;
                return true;
            }

            if (args.Length == 1 && args[0].Value is int single)
            {
                lo = hi = single;
                return true;
            }

            return false;
        }

        private static void ReadDocAndSpec(AttributeData attribute, ref string? doc, ref string? spec, ref bool checkEnum)
        {
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Doc")
                {
                    doc = named.Value.Value as string;
                }
                else if (named.Key == "Spec")
                {
                    spec = named.Value.Value as string;
                }
                else if (named.Key == "CheckEnum" && named.Value.Value is bool check)
                {
                    checkEnum = check;
                }
            }
        }

        private static Location? AttributeLocation(AttributeData? attribute, CancellationToken ct) =>
            attribute?.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation();

        private static bool IsPartial(INamedTypeSymbol type)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return true;
                }
            }

            return false;
        }

        private static string KeywordOf(INamedTypeSymbol type) => type switch
        {
            { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };

        private static bool IsEffectivelyPublic(INamedTypeSymbol type)
        {
            for (ISymbol? s = type; s is INamedTypeSymbol t; s = t.ContainingType)
            {
                if (t.DeclaredAccessibility != Accessibility.Public)
                {
                    return false;
                }
            }

            return true;
        }

        private static string AccessibilityText(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Public => "public",
            Accessibility.Internal => "internal",
            Accessibility.Private => "private",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => string.Empty,
        };

        private static string PropertyModifiers(IPropertySymbol property, CancellationToken ct)
        {
            var parts = new List<string>();
            var accessibility = AccessibilityText(property.DeclaredAccessibility);
            if (accessibility.Length > 0)
            {
                parts.Add(accessibility);
            }

            if (HasReadOnlyModifier(property, ct))
            {
                parts.Add("readonly");
            }

            parts.Add("partial");
            return string.Join(" ", parts);
        }

        /// <summary>
        /// Whether the first declaring part writes <c>readonly</c> on the property, accessor or method. The symbols' IsReadOnly cannot
        /// tell: the generator sees the compilation before its own implementing part exists.
        /// </summary>
        private static bool HasReadOnlyModifier(ISymbol? symbol, CancellationToken ct) =>
            symbol is not null
            && symbol.DeclaringSyntaxReferences.Length > 0
            && symbol.DeclaringSyntaxReferences[0].GetSyntax(ct) switch
            {
                PropertyDeclarationSyntax property => property.Modifiers.Any(SyntaxKind.ReadOnlyKeyword),
                AccessorDeclarationSyntax accessor => accessor.Modifiers.Any(SyntaxKind.ReadOnlyKeyword),
                MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.ReadOnlyKeyword),
                _ => false,
            };

        private static string AccessorModifiers(IPropertySymbol property, IMethodSymbol? accessor, CancellationToken ct)
        {
            if (accessor is null)
            {
                return string.Empty;
            }

            var parts = new List<string>();
            if (accessor.DeclaredAccessibility != property.DeclaredAccessibility)
            {
                parts.Add(AccessibilityText(accessor.DeclaredAccessibility));
            }

            if (HasReadOnlyModifier(accessor, ct))
            {
                parts.Add("readonly");
            }

            return parts.Count == 0 ? string.Empty : string.Join(" ", parts) + " ";
        }

        private static int? UnsignedBits(SpecialType type) => type switch
        {
            SpecialType.System_Byte => 8,
            SpecialType.System_UInt16 => 16,
            SpecialType.System_UInt32 => 32,
            SpecialType.System_UInt64 => 64,
            _ => null,
        };

        private static int IntegerBits(SpecialType type) => type switch
        {
            SpecialType.System_Byte or SpecialType.System_SByte => 8,
            SpecialType.System_UInt16 or SpecialType.System_Int16 => 16,
            SpecialType.System_UInt32 or SpecialType.System_Int32 => 32,
            _ => 64,
        };

        internal static bool TryToUInt64(object value, out ulong result)
        {
            switch (value)
            {
                case byte b: result = b; return true;
                case ushort us: result = us; return true;
                case uint ui: result = ui; return true;
                case ulong ul: result = ul; return true;
                case sbyte sb when sb >= 0: result = (ulong)sb; return true;
                case short s when s >= 0: result = (ulong)s; return true;
                case int i when i >= 0: result = (ulong)i; return true;
                case long l when l >= 0: result = (ulong)l; return true;
                default: result = 0; return false;
            }
        }

        private static readonly Regex s_tags = new("<[^>]+>", RegexOptions.Compiled);
        private static readonly Regex s_space = new(@"\s+", RegexOptions.Compiled);

        /// <summary>The text of a <c>/// &lt;summary&gt;</c> comment, read from trivia so it works whatever the documentation mode.</summary>
        private static string? DocSummary(SyntaxNode node)
        {
            var text = new StringBuilder();
            foreach (var trivia in node.GetLeadingTrivia())
            {
                // Without documentation mode, "///" lines arrive as plain single-line comments.
                if (trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia)
                    || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)
                    || (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && trivia.ToString().StartsWith("///", StringComparison.Ordinal)))
                {
                    text.Append(trivia.ToFullString()).Append('\n');
                }
            }

            if (text.Length == 0)
            {
                return null;
            }

            var raw = text.ToString().Replace("///", " ");
            var start = raw.IndexOf("<summary>", StringComparison.Ordinal);
            var end = raw.IndexOf("</summary>", StringComparison.Ordinal);
            if (start < 0 || end < start)
            {
                return null;
            }

            var summary = raw.Substring(start + 9, end - start - 9);
            summary = s_tags.Replace(summary, string.Empty);
            summary = s_space.Replace(summary, " ").Trim();
            return summary.Length == 0 ? null : System.Net.WebUtility.HtmlDecode(summary);
        }
    }
}
