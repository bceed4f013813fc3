namespace IommuLayouts;

/// <summary>One defined encoding of an enum field.</summary>
public readonly record struct EnumMemberInfo(string Name, ulong Value);
