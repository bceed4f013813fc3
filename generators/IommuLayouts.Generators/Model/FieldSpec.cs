using IommuLayouts.Generators.Helpers;

namespace IommuLayouts.Generators.Model;

/// <summary>How the generator reads and writes one field.</summary>
internal enum FieldKindSpec
{
    Flag,
    Unsigned,
    Enum,
    Address,
}

/// <summary>One <c>[Bit]</c>/<c>[Bits]</c> partial property, as plain data.</summary>
internal sealed record FieldSpec(
    string Name,
    string Modifiers,
    int Lo,
    int Hi,
    FieldKindSpec Kind,
    string TypeName,
    string? EnumUnderlyingType,
    int TypeBits,
    bool HasGetter,
    string GetterModifiers,
    bool HasSetter,
    string SetterModifiers,
    string? Doc,
    string? Spec,
    int AddressShift,
    int AlignBits,
    bool IsFlagsEnum,
    bool CheckEnum,
    EquatableArray<EnumMemberSpec> EnumMembers)
{
    public int Width => Hi - Lo + 1;
}

/// <summary>A defined enum member (name and value as an unsigned number).</summary>
internal sealed record EnumMemberSpec(string Name, ulong Value);

/// <summary>An inclusive bit range with an optional note.</summary>
internal sealed record RangeSpec(int Lo, int Hi);
