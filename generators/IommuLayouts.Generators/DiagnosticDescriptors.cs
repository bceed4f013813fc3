using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace IommuLayouts.Generators;

/// <summary>Every diagnostic the generator reports. Ids are stable; they are listed in AnalyzerReleases.Shipped.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "IommuLayouts";

    public static readonly DiagnosticDescriptor LayoutNotPartial = Error(
        "BL0001", "Layout struct must be partial",
        "Layout '{0}' must be declared partial so its storage and accessors can be generated");

    public static readonly DiagnosticDescriptor InvalidLayoutSize = Error(
        "BL0002", "Layout size is not supported",
        "Layout '{0}' is {1} bits: a layout is 8 to 1024 bits, in multiples of 8");

    public static readonly DiagnosticDescriptor RangeOutsideLayout = Error(
        "BL0003", "Bit range lies outside the layout",
        "{0} bits {1}..{2} lie outside the {3}-bit layout (bits 0..{4})");

    public static readonly DiagnosticDescriptor ReversedRange = Error(
        "BL0004", "Bit range is reversed",
        "{0}: bit range {1}..{2} is reversed (the low bit comes first)");

    public static readonly DiagnosticDescriptor FieldsOverlap = Error(
        "BL0005", "Fields overlap",
        "Fields '{0}' ({1}) and '{2}' ({3}) overlap at bit {4}");

    public static readonly DiagnosticDescriptor RangeOverlapsReserved = Error(
        "BL0006", "Field or range overlaps an ignored or RES1 range",
        "{0} ({1}) overlaps the {2} range {3}");

    public static readonly DiagnosticDescriptor TypeTooNarrow = Error(
        "BL0007", "Property type is too narrow for the field",
        "Field '{0}' is {1} bits wide but its type '{2}' holds only {3}");

    public static readonly DiagnosticDescriptor UnsupportedType = Error(
        "BL0008", "Property type is not supported",
        "Field '{0}' has type '{1}': a field is bool, byte, ushort, uint, ulong, or an enum");

    public static readonly DiagnosticDescriptor BoolTooWide = Error(
        "BL0009", "A bool field must be one bit",
        "Field '{0}' is a bool but spans {1} bits; use an unsigned type or an enum");

    public static readonly DiagnosticDescriptor EnumValueDoesNotFit = Error(
        "BL0010", "Enum value does not fit the field",
        "Enum '{0}' member {1} = {2} does not fit the {3}-bit field '{4}'");

    public static readonly DiagnosticDescriptor AddressTypeCannotHold = Error(
        "BL0011", "Address field type cannot hold the address",
        "Address field '{0}' holds address bits {1}..{2}, which type '{3}' cannot hold");

    public static readonly DiagnosticDescriptor DuplicateLayoutName = Error(
        "BL0012", "Two layouts share a name",
        "Layout name '{0}' is used by both '{1}' and '{2}'; catalog names must be unique");

    public static readonly DiagnosticDescriptor PropertyNotPartial = Error(
        "BL0013", "Field property must be partial",
        "Property '{0}' has a bit attribute but is not a partial property declaration");

    public static readonly DiagnosticDescriptor ConflictingBitAttributes = Error(
        "BL0014", "Property has both [Bit] and [Bits]",
        "Property '{0}' has both [Bit] and [Bits]; use one");

    public static readonly DiagnosticDescriptor InstanceFieldNotAllowed = Error(
        "BL0015", "Layout declares its own instance field",
        "Layout '{0}' declares instance field '{1}'; a layout's storage is generated (use a partial property)");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "BL0016", "Containing type must be partial",
        "Layout '{0}' is nested in '{1}', which must be partial too");

    public static readonly DiagnosticDescriptor GenericLayout = Error(
        "BL0017", "Layout struct cannot be generic",
        "Layout '{0}' is generic; a layout is a plain struct");

    public static readonly DiagnosticDescriptor ReadOnlyLayout = Error(
        "BL0018", "Layout struct cannot be readonly, ref or a record",
        "Layout '{0}' is declared '{1}'; a layout is a plain mutable struct whose words can be set");

    public static readonly DiagnosticDescriptor MissingBitAttribute = Error(
        "BL0019", "Partial property has no bit attribute",
        "Partial property '{0}' of layout '{1}' has no [Bit] or [Bits] attribute");

    public static readonly DiagnosticDescriptor InvalidAddressField = Error(
        "BL0020", "Invalid [Address] field",
        "Address field '{0}': {1}");

    public static readonly DiagnosticDescriptor InvalidRuleHook = Error(
        "BL0021", "Rule hook has the wrong signature",
        "Layout '{0}' declares '{1}'; the rule hook is 'partial void CheckRules(ref IommuLayouts.ViolationSink sink)'");

    public static readonly DiagnosticDescriptor InvalidAccessors = Error(
        "BL0022", "Field property accessors are not supported",
        "Field '{0}': {1}");

    public static readonly DiagnosticDescriptor NameCollidesWithGeneratedMember = Error(
        "BL0023", "Field name collides with a generated member",
        "Field '{0}' has the name of a member every layout gets; rename it (e.g. 'Readable' for a read-permission bit)");

    public static readonly DiagnosticDescriptor MemberNotReadOnly = Warning(
        "BL0024", "Field getter or rule hook is not readonly",
        "'{0}' is not declared readonly: {1}; C# requires both parts of a partial member to agree, so the generator cannot add it");

    public static readonly DiagnosticDescriptor GeneratedStorageReferenced = Error(
        "BL0025", "Hand-written code uses the generated storage",
        "Layout '{0}' refers to '{1}', a generated storage field whose layout may change; use the fields, 'Word' or 'GetWord'");

    public static readonly DiagnosticDescriptor UsedBitsUnknownField = Error(
        "BL0026", "Used-bit attribute names an unknown field",
        "[{0}] on '{1}' names '{2}', which is not a [Bit]/[Bits] field of layout '{3}'");

    public static readonly DiagnosticDescriptor UsedBitsInvalid = Error(
        "BL0027", "Used-bit attribute is not valid",
        "[{0}] on '{1}': {2}");

    public static readonly DiagnosticDescriptor UsedBitsCycle = Error(
        "BL0028", "Used-bit conditions form a cycle",
        "Field '{0}' is live only when '{1}' is, which in turn depends on '{0}': a discriminator cannot depend on the fields it selects");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "BL0099", "The generator failed on a layout",
        "The generator could not process layout '{0}' ({1}); please report this with the layout's source");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new()
    {
        [InternalError.Id] = InternalError,
        [NameCollidesWithGeneratedMember.Id] = NameCollidesWithGeneratedMember,
        [LayoutNotPartial.Id] = LayoutNotPartial,
        [InvalidLayoutSize.Id] = InvalidLayoutSize,
        [RangeOutsideLayout.Id] = RangeOutsideLayout,
        [ReversedRange.Id] = ReversedRange,
        [FieldsOverlap.Id] = FieldsOverlap,
        [RangeOverlapsReserved.Id] = RangeOverlapsReserved,
        [TypeTooNarrow.Id] = TypeTooNarrow,
        [UnsupportedType.Id] = UnsupportedType,
        [BoolTooWide.Id] = BoolTooWide,
        [EnumValueDoesNotFit.Id] = EnumValueDoesNotFit,
        [AddressTypeCannotHold.Id] = AddressTypeCannotHold,
        [DuplicateLayoutName.Id] = DuplicateLayoutName,
        [PropertyNotPartial.Id] = PropertyNotPartial,
        [ConflictingBitAttributes.Id] = ConflictingBitAttributes,
        [InstanceFieldNotAllowed.Id] = InstanceFieldNotAllowed,
        [ContainingTypeNotPartial.Id] = ContainingTypeNotPartial,
        [GenericLayout.Id] = GenericLayout,
        [ReadOnlyLayout.Id] = ReadOnlyLayout,
        [MissingBitAttribute.Id] = MissingBitAttribute,
        [InvalidAddressField.Id] = InvalidAddressField,
        [InvalidRuleHook.Id] = InvalidRuleHook,
        [InvalidAccessors.Id] = InvalidAccessors,
        [MemberNotReadOnly.Id] = MemberNotReadOnly,
        [GeneratedStorageReferenced.Id] = GeneratedStorageReferenced,
        [UsedBitsUnknownField.Id] = UsedBitsUnknownField,
        [UsedBitsInvalid.Id] = UsedBitsInvalid,
        [UsedBitsCycle.Id] = UsedBitsCycle,
    };

    /// <summary>All descriptors, for tests and the release-tracking file.</summary>
    public static IReadOnlyCollection<DiagnosticDescriptor> All => s_byId.Values;

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true,
            helpLinkUri: "https://github.com/iommulayouts/iommulayouts/blob/main/generators/IommuLayouts.Generators/AnalyzerReleases.Shipped.md");
}
